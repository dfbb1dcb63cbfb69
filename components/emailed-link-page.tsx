import type { ReactNode } from "react";
import Link from "next/link";
import { FocusLayout } from "./focus-layout";
import { Alert, Card, CardBody } from "./ui";
import { AppError } from "@/lib/errors";

/**
 * What a page behind an e-mailed single-use link (password reset, address confirmation)
 * learns from its token: the account it is for, or why it no longer works.
 */
export type LinkState = { account: { email: string }; problem: null } | { account: null; problem: AppError };

/** Runs the token's inspection, turning a typed refusal into a state the page shows. */
export async function inspectLink(inspect: () => Promise<{ email: string }>): Promise<LinkState> {
  try {
    return { account: await inspect(), problem: null };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { account: null, problem: err };
  }
}

export type EmailedLinkPageProps = {
  title: string;
  state: LinkState;
  /** Under the title when the link works: whose account it acts on. */
  intro: (email: string) => ReactNode;
  /** The form that uses the link. */
  form: ReactNode;
  /** Alert titles by error code, for links that no longer work. */
  problemTitles: Record<string, string>;
  /** What to do instead when the link no longer works (a way to a new link). */
  recovery: ReactNode;
};

/** The frame both link pages share: heading, the form or the reason it is gone, a way back to sign-in. */
export function EmailedLinkPage({ title, state, intro, form, problemTitles, recovery }: EmailedLinkPageProps) {
  return (
    <FocusLayout>
      <div className="mb-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">{title}</h1>
        {state.account ? <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{intro(state.account.email)}</p> : null}
      </div>
      <Card as="div">
        <CardBody className="py-6!">
          {state.account ? (
            form
          ) : (
            <div className="space-y-5">
              <Alert variant="error" title={problemTitles[state.problem.code] ?? "This link does not work"}>
                {state.problem.message}
              </Alert>
              {recovery}
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
