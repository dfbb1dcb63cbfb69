import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { FocusLayout } from "@/components/focus-layout";
import { Alert, ButtonLink, Card, CardBody } from "@/components/ui";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { inspectResetToken } from "@/lib/auth/password-reset";
import { AppError } from "@/lib/errors";
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
  let account: { email: string } | null = null;
  let problem: AppError | null = null;
  try {
    account = await inspectResetToken(token, clientIpFromHeaders(await headers()));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    problem = err;
  }

  return (
    <FocusLayout>
      <div className="mb-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">Choose a new password</h1>
        {account ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            For <span className="font-medium text-slate-900 dark:text-white">{account.email}</span>. Every session of this account
            will be signed out; two-factor authentication stays on.
          </p>
        ) : null}
      </div>
      <Card as="div">
        <CardBody className="py-6!">
          {account ? (
            <ResetPasswordForm action={resetPasswordAction.bind(null, token)} email={account.email} minPasswordLength={MIN_PASSWORD_LENGTH} />
          ) : (
            <div className="space-y-5">
              <Alert variant="error" title={TITLES[problem?.code ?? ""] ?? "This link does not work"}>
                {problem?.message}
              </Alert>
              <ButtonLink href="/forgot-password" className="w-full">
                Ask for a new link
              </ButtonLink>
            </div>
          )}
        </CardBody>
      </Card>
      <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
        <Link href="/login" className="font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300">
          Back to sign in
        </Link>
      </p>
    </FocusLayout>
  );
}
