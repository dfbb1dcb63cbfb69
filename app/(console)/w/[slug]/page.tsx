import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { Alert, Card, CardBody, CardHeader, PageHeader, RoleBadge, SkeletonText } from "@/components/ui";
import { UsageOverview } from "@/components/console/usage-overview";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { can } from "@/lib/rbac";

export const metadata: Metadata = { title: "Overview" };

type Params = Promise<{ slug: string }>;

const linkClass = "font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300";

export default async function OverviewPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}`);
  const principal = await getCurrentUser();
  const base = `/w/${encodeURIComponent(actor.slug)}`;

  const [members, invitations] = await Promise.all([
    runWorkspaceAction("members.list", principal, slug, {}),
    can(actor.role, "invitations.view") ? runWorkspaceAction("invitations.list", principal, slug, {}) : Promise.resolve(null),
  ]);
  const memberCount = members.ok ? members.data.length : undefined;
  const pendingCount = invitations?.ok ? invitations.data.length : undefined;

  const steps = [
    can(actor.role, "providers.manage")
      ? {
          title: "Add a provider key",
          body: "Store the key of a provider you use (OpenAI, Anthropic, …) in this workspace's vault. It is sealed and never shown again. The built-in Mock provider needs no real key.",
          href: `${base}/providers`,
          cta: "Go to Provider keys",
        }
      : {
          title: "See which providers are set up",
          body: "Owners and Admins add provider keys for the workspace; you can see which ones are there.",
          href: `${base}/providers`,
          cta: "Go to Provider keys",
        },
    {
      title: "Create an API key",
      body: "Give each app its own workspace API key; you see it once, when you create it.",
      href: `${base}/keys`,
      cta: "Go to API keys",
    },
    can(actor.role, "members.invite")
      ? {
          title: "Invite your teammates",
          body: "Send an invitation link from the Members page and pick each person's role.",
          href: `${base}/members`,
          cta: "Go to Members",
        }
      : {
          title: "Meet your team",
          body: "See who else is in this workspace and what role each person has.",
          href: `${base}/members`,
          cta: "Go to Members",
        },
    ...(can(actor.role, "audit.view")
      ? [
          {
            title: "Keep an eye on the audit log",
            body: "Every sign-in, invitation and role change in this workspace is recorded there.",
            href: `${base}/audit`,
            cta: "Open the audit log",
          },
        ]
      : []),
    {
      title: "Look after your account",
      body: "Change your password and review where you are signed in.",
      href: "/account",
      cta: "Open your account",
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
          <CardHeader titleId="getting-started" title="Getting started" description="A few things worth doing first." />
          <CardBody>
            <ol className="space-y-5">
              {steps.map((s, i) => (
                <li key={s.title} className="flex gap-4">
                  <span
                    aria-hidden="true"
                    className="flex size-7 shrink-0 items-center justify-center rounded-full bg-brand-50 text-sm font-semibold text-brand-700 ring-1 ring-brand-200 dark:bg-brand-950 dark:text-brand-200 dark:ring-brand-800"
                  >
                    {i + 1}
                  </span>
                  <div className="min-w-0">
                    <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{s.title}</h3>
                    <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{s.body}</p>
                    <Link href={s.href} className={`mt-2 inline-block text-sm ${linkClass}`}>
                      {s.cta} <span aria-hidden="true">→</span>
                    </Link>
                  </div>
                </li>
              ))}
            </ol>
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
