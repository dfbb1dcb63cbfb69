import type { ReactNode } from "react";
import { SignOutButton } from "@/components/console/sign-out-button";
import { SecurityNoticeBanner } from "@/components/console/security-notice-banner";
import { UserMenu } from "@/components/console/user-menu";
import { WorkspaceConsoleShell, type WorkspaceNavLink } from "@/components/console/workspace-console-shell";
import { WorkspaceSwitcher } from "@/components/console/workspace-switcher";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listWorkspacesOfUser, requireWorkspacePage } from "@/lib/console/page-context";
import { can } from "@/lib/rbac";
import { isOperator } from "@/lib/status/operator";
import { noticeSummary } from "@/lib/status/security";

type Params = Promise<{ slug: string }>;

/** The workspace console frame. Each page checks access again itself: layouts and pages render independently. */
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Params }) {
  const { slug } = await params;
  // Signed out: render nothing of the workspace and let the page send them to sign in, since
  // only the page knows its full path for the return trip (/w/acme/audit, not /w/acme).
  const user = await getCurrentUser();
  if (!user) return <>{children}</>;
  const actor = await requireWorkspacePage(slug, `/w/${slug}`);
  const workspaces = await listWorkspacesOfUser(actor.userId);
  const base = `/w/${encodeURIComponent(actor.slug)}`;
  const [notices, operator] = await Promise.all([noticeSummary(actor), isOperator(actor.userId)]);
  const unread = notices.attention.length;

  const nav: WorkspaceNavLink[] = [
    { href: base, label: "Overview", exact: true },
    ...(can(actor.role, "usage.view") ? [{ href: `${base}/usage`, label: "Usage" }] : []),
    { href: `${base}/providers`, label: "Provider keys" },
    { href: `${base}/keys`, label: "API keys" },
    { href: `${base}/members`, label: "Members" },
    ...(can(actor.role, "audit.view") ? [{ href: `${base}/audit`, label: "Audit log" }] : []),
    ...(can(actor.role, "alerts.view") ? [{ href: `${base}/alerts`, label: "Alerts" }] : []),
    { href: `${base}/settings`, label: "Settings" },
    ...(notices.total > 0 ? [{ href: `${base}/notices`, label: unread ? `Security notices (${unread} new)` : "Security notices" }] : []),
  ];

  return (
    <WorkspaceConsoleShell
      nav={nav}
      switcher={
        <WorkspaceSwitcher
          current={{ slug: actor.slug, name: actor.workspaceName }}
          workspaces={workspaces.map((w) => ({ slug: w.slug, name: w.name, role: w.role }))}
        />
      }
      userMenu={
        <UserMenu
          name={user.name}
          email={actor.email}
          links={[{ href: "/account", label: "Account" }, ...(operator ? [{ href: "/operator", label: "Operator" }] : [])]}
          footer={<SignOutButton />}
        />
      }
    >
      <SecurityNoticeBanner slug={actor.slug} notices={notices.attention} />
      {children}
    </WorkspaceConsoleShell>
  );
}
