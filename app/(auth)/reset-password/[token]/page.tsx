import type { Metadata } from "next";
import { headers } from "next/headers";
import { EmailedLinkPage, inspectLink } from "@/components/emailed-link-page";
import { ButtonLink } from "@/components/ui";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { inspectResetToken } from "@/lib/auth/password-reset";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { resetPasswordAction } from "./actions";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", robots: { index: false, follow: false } };

type Params = Promise<{ token: string }>;

const TITLES: Record<string, string> = {
  RESET_TOKEN_EXPIRED: "This link has expired",
  RESET_TOKEN_USED: "This link was already used",
  RESET_TOKEN_SUPERSEDED: "A newer link was sent",
  RATE_LIMITED: "Too many attempts",
};

export default async function ResetPasswordPage({ params }: { params: Params }) {
  const { token } = await params;
  const ip = clientIpFromHeaders(await headers());
  const state = await inspectLink(() => inspectResetToken(token, ip));

  return (
    <EmailedLinkPage
      title="Choose a new password"
      state={state}
      intro={(email) => (
        <>
          For <span className="font-medium text-slate-900 dark:text-white">{email}</span>. Every session of this account will be
          signed out; two-factor authentication stays on.
        </>
      )}
      form={
        state.account ? (
          <ResetPasswordForm action={resetPasswordAction.bind(null, token)} email={state.account.email} minPasswordLength={MIN_PASSWORD_LENGTH} />
        ) : null
      }
      problemTitles={TITLES}
      recovery={
        <ButtonLink href="/forgot-password" className="w-full">
          Ask for a new link
        </ButtonLink>
      }
    />
  );
}
