import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { FocusLayout } from "@/components/focus-layout";
import { Alert, ButtonLink, Card, CardBody } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { inspectVerifyToken } from "@/lib/auth/email-verification";
import { AppError } from "@/lib/errors";
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
  let account: { email: string } | null = null;
  let problem: AppError | null = null;
  try {
    account = await inspectVerifyToken(token, clientIpFromHeaders(await headers()));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    problem = err;
  }
  const signedIn = Boolean(await getCurrentUser());

  return (
    <FocusLayout>
      <div className="mb-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">Confirm your e-mail address</h1>
        {account ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            For the Auriko account <span className="font-medium text-slate-900 dark:text-white">{account.email}</span>.
          </p>
        ) : null}
      </div>
      <Card as="div">
        <CardBody className="py-6!">
          {account ? (
            <ConfirmEmailForm action={confirmEmailAction.bind(null, token)} signedIn={signedIn} />
          ) : (
            <div className="space-y-5">
              <Alert variant="error" title={TITLES[problem?.code ?? ""] ?? "This link does not work"}>
                {problem?.message}
              </Alert>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                Sign in and use <span className="font-medium">Send a new link</span> on your account page: the new link replaces
                this one.
              </p>
              <ButtonLink href="/login?callbackUrl=%2Faccount" className="w-full">
                Sign in to get a new link
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
