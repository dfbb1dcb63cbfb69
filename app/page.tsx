import Link from "next/link";
import { CodeBlock } from "@/components/code-block";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { ButtonLink } from "@/components/ui";

const features = [
  {
    title: "Bring your own provider keys",
    body: "Provider keys live in a per-workspace vault, sealed with XSalsa20-Poly1305 under a key derived for that workspace. They are opened only for the upstream call that needs them.",
  },
  {
    title: "OpenAI- and Anthropic-compatible",
    body: "Point the SDKs you already use at Auriko. Chat completions and messages stream straight through, token by token, in the format your code expects.",
  },
  {
    title: "Zero data retention",
    body: "Prompts and responses are never written to disk or to a database. Auriko keeps usage metadata only: token counts, latency, model ids and status.",
  },
  {
    title: "Workspace roles and isolation",
    body: "Owner, Admin and Member roles in every workspace, with Postgres row-level security keeping each workspace's data apart. API keys belong to exactly one workspace.",
  },
  {
    title: "TOTP multi-factor sign-in",
    body: "Protect every account with an authenticator app such as Google Authenticator or Authy, with recovery codes for when a phone goes missing.",
  },
  {
    title: "Self-host with two commands",
    body: "Install, then start: one Node process serves the console and the proxy, and brings its own embedded Postgres when you do not point it at yours.",
  },
] as const;

const sample = `import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "http://localhost:3000/api/v1",
  apiKey: process.env.AURIKO_API_KEY, // a workspace key: ak_live_…
});

const stream = await client.chat.completions.create({
  model: "openai/gpt-4o-mini",
  messages: [{ role: "user", content: "Hello through Auriko" }],
  stream: true,
});

for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
}`;

export default function HomePage() {
  return (
    <>
      <SiteHeader current="/" />
      <main id="main-content" className="flex-1">
        <section aria-labelledby="hero-title" className="border-b border-slate-200 dark:border-slate-800">
          <div className="mx-auto max-w-6xl px-4 py-20 sm:px-6 sm:py-28">
            <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">Self-hostable LLM inference gateway</p>
            <h1
              id="hero-title"
              className="mt-3 max-w-3xl text-4xl font-semibold tracking-tight text-slate-900 sm:text-5xl dark:text-white"
            >
              Every model behind one gateway. None of your prompts kept.
            </h1>
            <p className="mt-6 max-w-2xl text-lg text-slate-600 dark:text-slate-300">
              Auriko sits between your apps and your LLM providers. Keep your own provider keys in an encrypted vault,
              hand each app a workspace API key, and stream OpenAI- or Anthropic-style requests through a proxy that
              stores usage numbers, never content.
            </p>
            <div className="mt-10 flex flex-wrap items-center gap-3">
              <ButtonLink href="/signup" size="lg">
                Get started
              </ButtonLink>
              <ButtonLink href="/login" size="lg" variant="secondary">
                Sign in
              </ButtonLink>
              <Link
                href="/security"
                className="rounded-md px-2 py-3 text-sm font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300"
              >
                Read the security model <span aria-hidden="true">→</span>
              </Link>
            </div>
          </div>
        </section>

        <section aria-labelledby="features-title" className="mx-auto max-w-6xl px-4 py-20 sm:px-6">
          <h2 id="features-title" className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl dark:text-white">
            Built for teams that answer to a security review
          </h2>
          <p className="mt-3 max-w-2xl text-slate-600 dark:text-slate-400">
            The controls your reviewers ask about are the defaults, not an enterprise add-on.
          </p>
          <ul className="mt-10 grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
            {features.map((f) => (
              <li
                key={f.title}
                className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900"
              >
                <h3 className="text-base font-semibold text-slate-900 dark:text-white">{f.title}</h3>
                <p className="mt-2 text-sm leading-relaxed text-slate-600 dark:text-slate-400">{f.body}</p>
              </li>
            ))}
          </ul>
        </section>

        <section
          aria-labelledby="compat-title"
          className="border-y border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/40"
        >
          <div className="mx-auto grid max-w-6xl items-center gap-10 px-4 py-20 sm:px-6 lg:grid-cols-2">
            <div>
              <h2 id="compat-title" className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl dark:text-white">
                Change one line: the base URL
              </h2>
              <p className="mt-4 text-slate-600 dark:text-slate-400">
                Keep the official OpenAI or Anthropic SDK. Swap the base URL for your Auriko host and the API key for a
                workspace key. Auriko checks the key, strips credentials and unexpected fields from what you send, opens
                the workspace&apos;s provider key and streams the answer back unchanged.
              </p>
              <ul className="mt-6 space-y-2 text-sm text-slate-700 dark:text-slate-300">
                <li>
                  OpenAI-style: <code className="font-mono text-slate-900 dark:text-white">/api/v1/chat/completions</code>
                </li>
                <li>
                  Anthropic-style: <code className="font-mono text-slate-900 dark:text-white">/api/v1/messages</code>
                </li>
                <li>Errors always come back in the shape your SDK already understands.</li>
              </ul>
            </div>
            <CodeBlock code={sample} title="stream.ts" label="Example: streaming a chat completion through Auriko with the OpenAI SDK" />
          </div>
        </section>

        <section aria-labelledby="cta-title" className="mx-auto max-w-6xl px-4 py-20 text-center sm:px-6">
          <h2 id="cta-title" className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl dark:text-white">
            Put a gateway in front of your models today
          </h2>
          <p className="mx-auto mt-3 max-w-xl text-slate-600 dark:text-slate-400">
            Create a workspace, add a provider key, issue an API key. It takes a few minutes, and your prompts stay yours.
          </p>
          <div className="mt-8 flex flex-wrap justify-center gap-3">
            <ButtonLink href="/signup" size="lg">
              Create your workspace
            </ButtonLink>
            <ButtonLink href="/login" size="lg" variant="secondary">
              Sign in
            </ButtonLink>
          </div>
        </section>
      </main>
      <SiteFooter />
    </>
  );
}
