"use client";

import { useActionState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { FormField, Input, SubmitButton } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;
const FIELDS = ["currentPassword", "newPassword"];

export function ChangePasswordForm({ action, minLength }: { action: Action; minLength: number }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormAlert state={state} fields={FIELDS} />
      <FormField label="Current password" name="currentPassword" error={fieldError(state, "currentPassword")}>
        {(p) => <Input {...p} type="password" autoComplete="current-password" required />}
      </FormField>
      <FormField
        label="New password"
        name="newPassword"
        hint={`At least ${minLength} characters; a passphrase works well. You'll be signed out everywhere afterwards.`}
        error={fieldError(state, "newPassword")}
      >
        {(p) => <Input {...p} type="password" autoComplete="new-password" required minLength={minLength} />}
      </FormField>
      <SubmitButton loadingLabel="Changing password…">Change password</SubmitButton>
    </form>
  );
}

/** "End session" on one row of the sessions list. */
export function EndSessionForm({ action, sessionId, current, device }: { action: Action; sessionId: string; current: boolean; device: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="sessionId" value={sessionId} />
      {state && !state.ok ? <FormAlert state={state} /> : null}
      <SubmitButton variant="secondary" size="sm" loadingLabel="Ending…" aria-label={current ? "Sign out of this session" : `End session on ${device}`}>
        {current ? "Sign out" : "End session"}
      </SubmitButton>
    </form>
  );
}

export function SignOutAllForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3">
      <FormAlert state={state} />
      <SubmitButton variant="secondary" loadingLabel="Signing out…">
        Sign out of all sessions
      </SubmitButton>
    </form>
  );
}
