import type { Metadata } from "next";
import { headers } from "next/headers";
import { EmailedLinkPage, inspectLink } from "@/components/emailed-link-page";
import { ButtonLink } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { inspectVerifyToken } from "@/lib/auth/email-verification";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { confirmEmailAction } from "./actions";
import { ConfirmEmailForm } from "./confirm-email-form";

export const metadata: Metadata = { title: "Confirm your e-mail address", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

type Params = Promise<{ token: string }>;

const TITLES: Record<string, string> = {
  VERIFY_TOKEN_EXPIRED: "This link has expired",
  VERIFY_TOKEN_USED: "This link was already used",
  VERIFY_TOKEN_SUPERSEDED: "A newer link was sent",
  RATE_LIMITED: "Too many attempts",
};

/**
 * The link from the verification e-mail. Opening it (GET) only shows whose address it
 * confirms; the button (a POST) uses it, so a mail scanner that fetches links does not.
 */
export default async function VerifyEmailPage({ params }: { params: Params }) {
  const { token } = await params;
  const ip = clientIpFromHeaders(await headers());
  const state = await inspectLink(() => inspectVerifyToken(token, ip));
  const signedIn = Boolean(await getCurrentUser());

  return (
    <EmailedLinkPage
      title="Confirm your e-mail address"
      state={state}
      intro={(email) => (
        <>
          For the Auriko account <span className="font-medium text-slate-900 dark:text-white">{email}</span>.
        </>
      )}
      form={<ConfirmEmailForm action={confirmEmailAction.bind(null, token)} signedIn={signedIn} />}
      problemTitles={TITLES}
      recovery={
        <>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Sign in and use <span className="font-medium">Send a new link</span> on your account page: the new link replaces this
            one.
          </p>
          <ButtonLink href="/login?callbackUrl=%2Faccount" className="w-full">
            Sign in to get a new link
          </ButtonLink>
        </>
      }
    />
  );
}
