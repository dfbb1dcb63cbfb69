import { headers } from "next/headers";
import Link from "next/link";
import { Alert, Card, CardBody, CardHeader, buttonClasses } from "@/components/ui";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { publicOrigin } from "@/lib/http/public-origin";
import { formatChange, formatCount, formatMs, formatPercent, formatUsd } from "@/lib/console/usage-format";
import { env } from "@/lib/env";
import { exampleModel } from "@/lib/providers/registry";
import { can } from "@/lib/rbac";
import { RANGES, type PeriodStats, type UsageOverview as OverviewData } from "@/lib/usage";
import type { Actor } from "@/lib/workspaces/context";
import { CopyCode } from "./copy-code";
import { SetupChecklist, checklistProgress, type ChecklistStep } from "./setup-checklist";

/**
 * The workspace overview's usage block: stat cards for 24 h, 7 d and 30 d (each against
 * the period before), and a getting-started panel with copyable snippets until the
 * workspace's first request (its steps ticked from what the workspace has).
 */

/** Where this user reaches the gateway: the configured public URL, else the host they used. */
async function gatewayOrigin(): Promise<string> {
  const configured = env().AURIKO_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("host");
  if (!host || !/^[a-z0-9.[\]:-]{1,255}$/i.test(host)) return publicOrigin();
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

/** The models the examples name: see exampleModel (mock/echo until the workspace has a provider key). */
export type SnippetModels = { chat: string; messages: string };

export function snippetModels(providers: readonly string[]): SnippetModels {
  return { chat: exampleModel(providers, "chat.completions"), messages: exampleModel(providers, "messages") };
}

export function snippets(origin: string, models: SnippetModels = { chat: "mock/echo", messages: "mock/echo" }) {
  return [
    {
      title: "curl",
      code: `curl ${origin}/api/v1/chat/completions \\
  -H "Authorization: Bearer $AURIKO_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model":"${models.chat}","stream":true,"messages":[{"role":"user","content":"Hello, gateway"}]}'`,
    },
    {
      title: "openai (Node.js)",
      code: `import OpenAI from "openai";

const client = new OpenAI({ apiKey: process.env.AURIKO_API_KEY, baseURL: "${origin}/api/v1" });
const res = await client.chat.completions.create({
  model: "${models.chat}",
  messages: [{ role: "user", content: "Hello, gateway" }],
});
console.log(res.choices[0].message.content);`,
    },
    {
      title: "@anthropic-ai/sdk (Node.js)",
      code: `import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic({ apiKey: process.env.AURIKO_API_KEY, baseURL: "${origin}/api" });
const msg = await client.messages.create({
  model: "${models.messages}",
  max_tokens: 256,
  messages: [{ role: "user", content: "Hello, gateway" }],
});
console.log(msg.content);`,
    },
  ];
}

function GettingStarted({ actor, setup, origin }: { actor: Actor; setup: OverviewData["setup"]; origin: string }) {
  const base = `/w/${encodeURIComponent(actor.slug)}`;
  const manage = can(actor.role, "providers.manage");
  const models = snippetModels(setup.providers);
  const steps: ChecklistStep[] = [
    {
      title: "A provider key in the vault",
      body: setup.hasCredential
        ? "A provider key is set up."
        : manage
          ? "Add a provider key (the built-in Mock provider needs none). Until then the examples use mock/echo."
          : "Ask an Owner or Admin to add a provider key. Until then the examples use mock/echo.",
      done: setup.hasCredential,
      href: `${base}/providers`,
      cta: "Provider keys",
    },
    {
      title: "An API key for your app",
      body: setup.hasApiKey ? "An API key exists; create one per app." : "Create an API key and keep it in your app's secrets.",
      done: setup.hasApiKey,
      href: `${base}/keys`,
      cta: "API keys",
    },
    {
      title: "A first request",
      body: "Send one with any of these, the key in AURIKO_API_KEY. The models named are ones this workspace can reach.",
      done: setup.hasRequest,
    },
  ];
  return (
    <Card aria-labelledby="gateway-start">
      <CardHeader
        titleId="gateway-start"
        title="Send your first request"
        description={`Three steps: a provider key in the vault, an API key for your app, then point your SDK at the gateway. ${checklistProgress(steps)}`}
      />
      <CardBody className="space-y-5">
        <SetupChecklist steps={steps} label="Steps to a first request" />
        {snippets(origin, models).map((s) => (
          <CopyCode key={s.title} code={s.code} title={s.title} label={`Example: ${s.title} through Auriko`} />
        ))}
      </CardBody>
    </Card>
  );
}

type Metric = { label: string; value: (p: PeriodStats) => string; change: (p: PeriodStats) => string | null };
const METRICS: Metric[] = [
  { label: "Requests", value: (p) => formatCount(p.current.requests), change: (p) => formatChange(p.change.requests) },
  {
    label: "Tokens (prompt / completion)",
    value: (p) => `${formatCount(p.current.promptTokens)} / ${formatCount(p.current.completionTokens)}`,
    change: (p) => formatChange(p.change.promptTokens),
  },
  { label: "Error rate", value: (p) => formatPercent(p.current.errorRate), change: (p) => formatChange(p.change.errorRate, "points") },
  {
    label: "Latency p50 / p95",
    value: (p) => `${formatMs(p.current.latencyP50)} / ${formatMs(p.current.latencyP95)}`,
    change: (p) => formatChange(p.change.latencyP95),
  },
  {
    label: "Time to first token p50 / p95",
    value: (p) => `${formatMs(p.current.ttfbP50)} / ${formatMs(p.current.ttfbP95)}`,
    change: (p) => formatChange(p.change.ttfbP95),
  },
  { label: "Estimated spend", value: (p) => formatUsd(p.current.costUsd), change: (p) => formatChange(p.change.costUsd) },
];
const SHORT = { "24h": "24 h", "7d": "7 d", "30d": "30 d" } as const;

/** One card per metric, each with the last 24 h, 7 d and 30 d and the change against the period before. */
function OverviewCards({ data }: { data: OverviewData }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {METRICS.map((m) => (
        <div key={m.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h3 className="text-sm font-medium text-slate-600 dark:text-slate-400">{m.label}</h3>
          <dl className="mt-2 space-y-1">
            {RANGES.map((r) => {
              const change = m.change(data.ranges[r]);
              return (
                <div key={r} className="flex items-baseline justify-between gap-3">
                  <dt className="w-10 shrink-0 text-xs text-slate-600 dark:text-slate-400">{SHORT[r]}</dt>
                  <dd className="flex-1 text-right whitespace-nowrap">
                    <span className="text-sm font-semibold text-slate-900 tabular-nums dark:text-white">{m.value(data.ranges[r])}</span>
                    <span className="ml-2 inline-block w-14 text-xs text-slate-600 tabular-nums dark:text-slate-400">
                      {change ?? "–"}
                      <span className="sr-only"> {change ? "compared with the period before" : "no earlier data"}</span>
                    </span>
                  </dd>
                </div>
              );
            })}
          </dl>
        </div>
      ))}
    </div>
  );
}

export async function UsageOverview({ actor }: { actor: Actor }) {
  const result = await runWorkspaceAction("usage.overview", actor, actor.slug, {});
  if (!result.ok) return <Alert variant="error">{result.error.message}</Alert>;
  const data = result.data;
  // Until the first request has gone through: then the checklist is done and usage speaks for itself.
  const needsSetup = !data.setup.hasCredential || !data.setup.hasApiKey || !data.setup.hasRequest;
  const quiet = data.ranges["30d"].current.requests === 0 && data.ranges["24h"].current.requests === 0;
  return (
    <div className="space-y-6">
      {needsSetup ? <GettingStarted actor={actor} setup={data.setup} origin={await gatewayOrigin()} /> : null}
      <section aria-labelledby="usage-overview" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="usage-overview" className="text-lg font-semibold text-slate-900 dark:text-white">
              Gateway usage
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Last 24 hours, 7 days and 30 days; the change is against the period just before (per hour for counts).
            </p>
          </div>
          <Link href={`/w/${encodeURIComponent(actor.slug)}/usage`} className={buttonClasses("secondary", "sm")}>
            View usage
          </Link>
        </div>
        {quiet ? (
          <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            No requests in the last 30 days. Usage appears here a few seconds after the first request.
          </p>
        ) : (
          <OverviewCards data={data} />
        )}
      </section>
    </div>
  );
}
