import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/console/sign-out-button";
import { FocusLayout } from "@/components/focus-layout";
import { ButtonLink, Card, CardBody, RoleBadge } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formatDate } from "@/lib/console/format";
import { firstParam } from "@/lib/console/safe-redirect";
import { describeInvitation, isMailboxProof } from "@/lib/invitations";
import { acceptInvitation } from "./actions";
import { AcceptInvitationForm } from "./accept-form";

// The token is a secret: keep the page out of search engines and the link out of Referer headers.
export const metadata: Metadata = { title: "Invitation", robots: { index: false, follow: false }, referrer: "no-referrer" };

type Params = Promise<{ token: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

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

export default async function InvitationPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { token } = await params;
  // The e-mailed link's mailbox proof (see lib/invitations) travels on through sign-in or sign-up.
  const given = firstParam((await searchParams).proof);
  const proof = given && isMailboxProof(token, given) ? given : undefined;
  const [invitation, user] = await Promise.all([describeInvitation(token), getCurrentUser()]);
  const here = `/invite/${encodeURIComponent(token)}${proof ? `?proof=${proof}` : ""}`;
  const back = encodeURIComponent(here);
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
  // Without the e-mail's proof an unconfirmed account confirms its address first.
  const mustConfirm = matches && !proof && !user.emailVerified;

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
              <ButtonLink href={`/login?callbackUrl=${back}`}>Sign in to accept</ButtonLink>
              <ButtonLink href={`/signup?callbackUrl=${back}`} variant="secondary">
                Create an account
              </ButtonLink>
            </div>
          </div>
        ) : mustConfirm ? (
          <div className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
            <p>
              Confirm <strong>{invitation.email}</strong> first: open the link in the invitation e-mail, or the one in the
              confirmation e-mail we sent when you signed up. Then come back to this page to accept.
            </p>
            <ButtonLink href="/account" variant="secondary">
              Send a new confirmation link
            </ButtonLink>
          </div>
        ) : matches ? (
          <div className="border-t border-slate-200 pt-4 dark:border-slate-800">
            <AcceptInvitationForm action={acceptInvitation.bind(null, token, proof)} workspaceName={invitation.workspaceName} />
          </div>
        ) : (
          <div className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
            <p>
              You&apos;re signed in as <strong>{user.email}</strong>, but this invitation is for{" "}
              <strong>{invitation.email}</strong>. Sign out, then sign in with that address to accept it.
            </p>
            <SignOutButton appearance="button" callbackUrl={`/login?callbackUrl=${back}`}>
              Sign out and switch account
            </SignOutButton>
          </div>
        )}
      </Panel>
    </FocusLayout>
  );
}
