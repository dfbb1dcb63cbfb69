"use client";

import { useActionState } from "react";
import { Alert, Button, ButtonLink } from "@/components/ui";
import type { ActionResult } from "@/lib/errors";

type State = { done?: boolean; error?: { message: string; code?: string } };

export type ConfirmEmailFormProps = {
  action: () => Promise<ActionResult<{ email: string }>>;
  /** Where "Continue" goes when the browser is already signed in. */
  signedIn: boolean;
};

/** One button, a POST: prefetching the link (a mail scanner) does not use the token. */
export function ConfirmEmailForm({ action, signedIn }: ConfirmEmailFormProps) {
  const [state, formAction, pending] = useActionState<State>(async () => {
    let result: ActionResult<{ email: string }>;
    try {
      result = await action();
    } catch {
      return { error: { message: "We couldn't reach the server. Check your connection and try again." } };
    }
    return result.ok ? { done: true } : { error: result.error };
  }, {});

  if (state.done) {
    return (
      <div className="space-y-5">
        <Alert variant="success" title="Your e-mail address is confirmed">
          You can now create a workspace or accept invitations.
        </Alert>
        {signedIn ? (
          <ButtonLink href="/w" className="w-full">
            Continue
          </ButtonLink>
        ) : (
          <ButtonLink href="/login?callbackUrl=%2Fw" className="w-full">
            Sign in
          </ButtonLink>
        )}
      </div>
    );
  }

  const linkDead = state.error?.code?.startsWith("VERIFY_TOKEN_");
  return (
    <form action={formAction} className="space-y-5">
      {state.error ? (
        <Alert
          variant="error"
          actions={linkDead ? <ButtonLink href="/login?callbackUrl=%2Faccount" variant="secondary" size="sm">Sign in to get a new link</ButtonLink> : undefined}
        >
          {state.error.message}
        </Alert>
      ) : null}
      <Button type="submit" className="w-full" loading={pending} loadingLabel="Confirming…">
        Confirm my e-mail address
      </Button>
    </form>
  );
}
