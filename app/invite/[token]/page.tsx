import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/console/sign-out-button";
import { FocusLayout } from "@/components/focus-layout";
import { ButtonLink, Card, CardBody, RoleBadge } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formatDate } from "@/lib/console/format";
import { describeInvitation } from "@/lib/invitations";
import { acceptInvitation } from "./actions";
import { AcceptInvitationForm } from "./accept-form";

// The token is a secret: keep the page out of search engines and the link out of Referer headers.
export const metadata: Metadata = { title: "Invitation", robots: { index: false, follow: false }, referrer: "no-referrer" };

type Params = Promise<{ token: string }>;

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h1 className="mb-6 text-center text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">{title}</h1>
      <Card as="div">
        <CardBody className="space-y-4 py-6! text-sm text-slate-700 dark:text-slate-300">{children}</CardBody>
      </Card>
    </>
  );
}

const closed = {
  accepted: ["This invitation has already been used", "Each invitation link works once, and this one has been accepted."],
  revoked: ["This invitation was withdrawn", "Someone in the workspace revoked it. Ask them for a new link if you still need access."],
  expired: ["This invitation has expired", "Invitation links last 7 days. Ask the person who invited you for a new one."],
} as const;

export default async function InvitationPage({ params }: { params: Params }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([describeInvitation(token), getCurrentUser()]);
  const here = `/invite/${encodeURIComponent(token)}`;
  const home = user ? <ButtonLink href="/w">Go to your workspaces</ButtonLink> : <ButtonLink href="/">Go to the home page</ButtonLink>;

  if (!invitation) {
    return (
      <FocusLayout>
        <Panel title="This invitation link isn't valid">
          <p>Check that you copied the whole link. If it still doesn&apos;t work, ask for a new invitation.</p>
          {home}
        </Panel>
      </FocusLayout>
    );
  }

  if (invitation.status !== "pending") {
    const [title, body] = closed[invitation.status];
    return (
      <FocusLayout>
        <Panel title={title}>
          <p>{body}</p>
          {home}
        </Panel>
      </FocusLayout>
    );
  }

  const matches = user && user.email.toLowerCase() === invitation.email.toLowerCase();

  return (
    <FocusLayout>
      <Panel title={`Join ${invitation.workspaceName}`}>
        <p className="text-base text-slate-900 dark:text-white">
          <strong>{invitation.workspaceName}</strong> invited <strong>{invitation.email}</strong> to join as{" "}
          <RoleBadge role={invitation.role} />
        </p>
        <p>The invitation expires on {formatDate(invitation.expiresAt)}.</p>

        {!user ? (
          <div className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
            <p>Sign in or create an account with {invitation.email} to accept.</p>
            <div className="flex flex-wrap gap-2">
              <ButtonLink href={`/login?callbackUrl=${here}`}>Sign in to accept</ButtonLink>
              <ButtonLink href={`/signup?callbackUrl=${here}`} variant="secondary">
                Create an account
              </ButtonLink>
            </div>
          </div>
        ) : matches ? (
          <div className="border-t border-slate-200 pt-4 dark:border-slate-800">
            <AcceptInvitationForm action={acceptInvitation.bind(null, token)} workspaceName={invitation.workspaceName} />
          </div>
        ) : (
          <div className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
            <p>
              You&apos;re signed in as <strong>{user.email}</strong>, but this invitation is for{" "}
              <strong>{invitation.email}</strong>. Sign out, then sign in with that address to accept it.
            </p>
            <SignOutButton appearance="button" callbackUrl={`/login?callbackUrl=${encodeURIComponent(here)}`}>
              Sign out and switch account
            </SignOutButton>
          </div>
        )}
      </Panel>
    </FocusLayout>
  );
}
