"use client";

import { useActionState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { Alert, SubmitButton } from "@/components/ui";
import type { FormState } from "@/lib/console/form-state";

export type VerifyEmailNoticeProps = {
  email: string;
  action: () => Promise<FormState<{ email: string; alreadyVerified: boolean }>>;
  /** What the user cannot do until the address is confirmed, e.g. "create a workspace". */
  blocks: string;
};

/** The "Verify your e-mail" state: what is waiting on it, and a button for a new link. */
export function VerifyEmailNotice({ email, action, blocks }: VerifyEmailNoticeProps) {
  const [state, formAction] = useActionState<FormState<{ email: string; alreadyVerified: boolean }>>(() => action(), null);
  const sent = state?.ok ? (state.data.alreadyVerified ? "Your address is already confirmed. Reload the page." : `We sent a new link to ${state.data.email}.`) : null;
  return (
    <div className="space-y-4">
      <Alert variant="warning" title="Verify your e-mail" role="none">
        We sent a link to <span className="font-medium">{email}</span>. Open it to confirm the address before you {blocks}. The
        link works for 24 hours.
      </Alert>
      <form action={formAction} className="space-y-4">
        <FormAlert state={state} success={sent} />
        <SubmitButton variant="secondary" loadingLabel="Sending…">
          Send a new link
        </SubmitButton>
      </form>
    </div>
  );
}
