"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { Alert, Button, ButtonLink, FormField, Input } from "@/components/ui";
import type { ActionResult } from "@/lib/errors";

type State = { error?: { message: string; field?: string; code?: string }; redirecting?: boolean };

const FIELDS = ["password", "confirmPassword"];

export type ResetPasswordFormProps = {
  action: (formData: FormData) => Promise<ActionResult<null>>;
  email: string;
  minPasswordLength: number;
};

export function ResetPasswordForm({ action, email, minPasswordLength }: ResetPasswordFormProps) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<State, FormData>(async (_prev, formData) => {
    if (!String(formData.get("password") ?? "")) return { error: { message: "Enter a new password.", field: "password" } };
    let result: ActionResult<null>;
    try {
      result = await action(formData);
    } catch {
      return { error: { message: "We couldn't reach the server. Check your connection and try again." } };
    }
    if (!result.ok) return { error: result.error };
    // Replace, so that Back does not return to the used link.
    router.replace("/login?reason=password-reset");
    return { redirecting: true };
  }, {});

  const fieldError = (f: string) => (state.error?.field === f ? state.error.message : undefined);
  const generalError = state.error && !(state.error.field && FIELDS.includes(state.error.field)) ? state.error : undefined;
  const linkDead = generalError?.code?.startsWith("RESET_TOKEN_");

  return (
    <form action={formAction} className="space-y-5" noValidate>
      {generalError ? (
        <Alert variant="error" actions={linkDead ? <ButtonLink href="/forgot-password" variant="secondary" size="sm">Ask for a new link</ButtonLink> : undefined}>
          {generalError.message}
        </Alert>
      ) : null}
      {/* For password managers: which account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormField
        label="New password"
        name="password"
        hint={`At least ${minPasswordLength} characters; a passphrase works well.`}
        error={fieldError("password")}
      >
        {(p) => <Input {...p} type="password" autoComplete="new-password" required minLength={minPasswordLength} autoFocus />}
      </FormField>
      <FormField label="Repeat the new password" name="confirmPassword" error={fieldError("confirmPassword")}>
        {(p) => <Input {...p} type="password" autoComplete="new-password" required minLength={minPasswordLength} />}
      </FormField>
      <Button type="submit" className="w-full" loading={pending || state.redirecting} loadingLabel="Saving…">
        Set new password
      </Button>
    </form>
  );
}
