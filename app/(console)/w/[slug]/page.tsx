import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { Alert, Card, CardBody, CardHeader, PageHeader, RoleBadge, SkeletonText } from "@/components/ui";
import { SetupChecklist, checklistProgress, type ChecklistStep } from "@/components/console/setup-checklist";
import { UsageOverview } from "@/components/console/usage-overview";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { provider } from "@/lib/providers/registry";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Overview" };

type Params = Promise<{ slug: string }>;

const linkClass = "font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300";

export default async function OverviewPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}`);
  const principal = await getCurrentUser();
  const base = `/w/${encodeURIComponent(actor.slug)}`;

  const [members, invitations, setupResult] = await Promise.all([
    runWorkspaceAction("members.list", principal, slug, {}),
    can(actor.role, "invitations.view") ? runWorkspaceAction("invitations.list", principal, slug, {}) : Promise.resolve(null),
    runWorkspaceAction("usage.setup", principal, slug, {}),
  ]);
  const memberCount = members.ok ? members.data.length : undefined;
  const pendingCount = invitations?.ok ? invitations.data.length : undefined;
  const setup = setupResult.ok ? setupResult.data : { hasCredential: false, providers: [], hasApiKey: false, hasRequest: false };
  const providerNames = setup.providers.map((id) => provider(id)?.name ?? id).join(", ");
  const manageProviders = can(actor.role, "providers.manage");
  const invite = can(actor.role, "members.invite");

  // Each step is ticked by what the workspace has, never by a click.
  const steps: ChecklistStep[] = [
    {
      title: manageProviders ? "Add a provider key" : "Get a provider key added",
      body: setup.hasCredential
        ? `Provider keys are stored for ${providerNames}.`
        : manageProviders
          ? "Store the key of a provider you use (OpenAI, Anthropic, …) in this workspace's vault. It is sealed and never shown again. The built-in Mock provider needs no key."
          : "Owners and Admins add provider keys for the workspace; until then, requests can use the built-in mock/echo model.",
      done: setup.hasCredential,
      href: `${base}/providers`,
      cta: "Go to Provider keys",
    },
    {
      title: "Create an API key",
      body: setup.hasApiKey
        ? "This workspace has an active API key. Give each app its own."
        : "Give each app its own workspace API key; you see it once, when you create it.",
      done: setup.hasApiKey,
      href: `${base}/keys`,
      cta: "Go to API keys",
    },
    {
      title: "Send your first request",
      body: setup.hasRequest
        ? "Requests have gone through the gateway: see them under Usage."
        : "Point an SDK or curl at the gateway with your API key. It shows up under Usage a few seconds later.",
      done: setup.hasRequest,
      href: setup.hasRequest ? `${base}/usage` : "#gateway-start",
      cta: setup.hasRequest ? "Go to Usage" : "See the examples",
    },
    invite
      ? {
          title: "Invite your teammates",
          body:
            (memberCount ?? 0) > 1 || (pendingCount ?? 0) > 0
              ? `${memberCount ?? 1} ${memberCount === 1 ? "member" : "members"}${pendingCount ? `, ${pendingCount} invited` : ""}.`
              : "Send an invitation link from the Members page and pick each person's role.",
          done: (memberCount ?? 0) > 1 || (pendingCount ?? 0) > 0,
          href: `${base}/members`,
          cta: "Go to Members",
        }
      : {
          title: "Meet your team",
          body: "See who else is in this workspace and what role each person has.",
          done: (memberCount ?? 0) > 1,
          href: `${base}/members`,
          cta: "Go to Members",
        },
    {
      title: "Turn on two-factor authentication",
      body: actor.mfaEnabled
        ? "Your account asks for a code from your authenticator app after your password."
        : "A code from an authenticator app keeps your account safe even if your password leaks.",
      done: Boolean(actor.mfaEnabled),
      href: actor.mfaEnabled ? "/account" : "/account/security",
      cta: actor.mfaEnabled ? "Open your account" : "Set up two-factor authentication",
    },
  ];

  return (
    <>
      <PageHeader
        eyebrow="Overview"
        title={actor.workspaceName}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            Your role in this workspace: <RoleBadge role={actor.role} />
          </span>
        }
      />

      {actor.mfaEnabled ? null : (
        <Alert
          variant={actor.role === "MEMBER" ? "info" : "warning"}
          role="none"
          className="mb-6"
          title={
            actor.role === "MEMBER"
              ? "Protect your account with two-factor authentication"
              : "You manage this workspace: protect it with two-factor authentication"
          }
        >
          A code from an authenticator app, asked for after your password, keeps your account safe even if your password
          leaks. <Link href="/account/security">Set up two-factor authentication</Link>
        </Alert>
      )}

      <Suspense fallback={<SkeletonText lines={4} label="Loading usage…" />}>
        <UsageOverview actor={actor} />
      </Suspense>

      <div className="grid items-start gap-6 lg:grid-cols-3">
        <Card aria-labelledby="getting-started" className="lg:col-span-2">
          <CardHeader titleId="getting-started" title="Getting started" description={checklistProgress(steps)} />
          <CardBody>
            <SetupChecklist steps={steps} label="Getting started steps" />
          </CardBody>
        </Card>

        <Card aria-labelledby="team-summary">
          <CardHeader titleId="team-summary" title="Team" />
          <CardBody>
            <dl className="space-y-4">
              <div>
                <dt className="text-sm text-slate-600 dark:text-slate-400">Members</dt>
                <dd className="mt-1 text-3xl font-semibold text-slate-900 dark:text-white">{memberCount ?? "–"}</dd>
              </div>
              {pendingCount !== undefined ? (
                <div>
                  <dt className="text-sm text-slate-600 dark:text-slate-400">Pending invitations</dt>
                  <dd className="mt-1 text-3xl font-semibold text-slate-900 dark:text-white">{pendingCount}</dd>
                </div>
              ) : null}
            </dl>
            <Link href={`${base}/members`} className={`mt-4 inline-block text-sm ${linkClass}`}>
              {can(actor.role, "members.invite") ? "Manage members" : "See all members"} <span aria-hidden="true">→</span>
            </Link>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
