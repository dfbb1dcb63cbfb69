import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { FocusLayout } from "@/components/focus-layout";
import { Card, CardBody } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { firstParam, safeCallbackUrl } from "@/lib/console/safe-redirect";
import { describeInvitation } from "@/lib/invitations";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Create an account" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Sign-up from an invitation link ("Create an account" on /invite/<token> comes here with
 * callbackUrl=/invite/<token>, plus ?proof=… when the invitee came from the e-mail): the
 * invited address, when the invitation is still open. Whoever holds the link already sees
 * the address on the invitation page. The form sends the token and the proof along: with
 * the e-mail's proof an account for that address is created confirmed, and the browser
 * signs in and goes on to accept; without it the sign-up is like any other (see
 * docs/decisions.md).
 */
async function invitationFor(
  callbackUrl: string | undefined,
): Promise<{ email: string; workspaceName: string; token: string; proof?: string } | undefined> {
  const match = callbackUrl?.match(/^\/invite\/([A-Za-z0-9_-]{20,200})(?:\?proof=([A-Za-z0-9_-]{20,100}))?$/);
  if (!match) return undefined;
  const invitation = await describeInvitation(match[1]!);
  if (invitation?.status !== "pending") return undefined;
  return { email: invitation.email, workspaceName: invitation.workspaceName, token: match[1]!, ...(match[2] ? { proof: match[2] } : {}) };
}

export default async function SignupPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(firstParam(params.callbackUrl));
  if (await getCurrentUser()) redirect(callbackUrl ?? "/w");
  const loginHref = callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login";
  const invitation = await invitationFor(callbackUrl);

  return (
    <FocusLayout>
      <div className="mb-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">Create your Auriko account</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          One account for every workspace you create or are invited to.
        </p>
      </div>
      <Card as="div">
        <CardBody className="py-6!">
          <SignupForm callbackUrl={callbackUrl} minPasswordLength={MIN_PASSWORD_LENGTH} invitation={invitation} />
        </CardBody>
      </Card>
      <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
        Already have an account?{" "}
        <Link href={loginHref} className="font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300">
          Sign in
        </Link>
      </p>
    </FocusLayout>
  );
}
