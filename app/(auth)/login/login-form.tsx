"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Alert, Button, FormField, Input } from "@/components/ui";
import { submitPassword, submitSecondStep, tooManyAttempts } from "@/lib/console/sign-in-client";

type Step = "password" | "code" | "recovery";
type LoginState = { step: Step; error?: string; email: string; redirecting?: boolean };

/** Words for `?error=` codes in the URL (next-auth's, and ours). */
function describeError(code: string | null | undefined, retryAfter?: number): string | undefined {
  if (!code) return undefined;
  if (code === "RateLimited") return tooManyAttempts(retryAfter);
  if (code === "CredentialsSignin") return "Email or password is incorrect.";
  if (code === "SessionRequired") return "Sign in to continue.";
  return "We couldn't sign you in. Please try again.";
}

const reasons: Record<string, string> = {
  "signed-out": "You've signed out.",
  "password-changed": "Your password was changed and every session was signed out. Sign in with your new password.",
  "password-reset": "Your password was reset and every session was signed out. Sign in with your new password.",
};

export type LoginFormProps = {
  /** Already checked on the server to be a same-site path. */
  callbackUrl?: string;
  initialError?: string;
  initialRetryAfter?: number;
  reason?: string;
};

export function LoginForm({ callbackUrl, initialError, initialRetryAfter, reason }: LoginFormProps) {
  const [usingRecovery, setUsingRecovery] = useState(false);
  const [state, formAction, pending] = useActionState<LoginState, FormData>(
    async (prev, formData) => {
      const done = (): LoginState => {
        window.location.assign(callbackUrl ?? "/w");
        return { ...prev, error: undefined, redirecting: true };
      };
      if (prev.step === "password") {
        const email = String(formData.get("email") ?? "").trim();
        const password = String(formData.get("password") ?? "");
        if (!email || !password) return { step: "password", email, error: "Enter your email and password." };
        const step = await submitPassword(email, password);
        if (step.kind === "done") return done();
        if (step.kind === "mfa") return { step: "code", email };
        return { step: "password", email, error: step.message };
      }
      const value = String(formData.get(usingRecovery ? "recoveryCode" : "code") ?? "").trim();
      if (!value) return { ...prev, error: usingRecovery ? "Enter one of your recovery codes." : "Enter the 6-digit code from your app." };
      const result = await submitSecondStep(usingRecovery ? { recoveryCode: value } : { code: value });
      if (result.ok) return done();
      return result.restart ? { step: "password", email: prev.email, error: result.message } : { ...prev, error: result.message };
    },
    { step: "password", email: "", error: describeError(initialError, initialRetryAfter) },
  );

  const note = reason ? reasons[reason] : undefined;
  const busy = pending || state.redirecting;

  if (state.step !== "password") {
    return (
      <form action={formAction} className="space-y-5" noValidate>
        <Alert variant="info" role="status">
          Two-factor authentication is on for {state.email}.
        </Alert>
        {state.error ? <Alert variant="error">{state.error}</Alert> : null}
        {usingRecovery ? (
          <FormField label="Recovery code" name="recoveryCode" hint="One of the codes you saved when you turned on two-factor authentication. Each works once.">
            {(p) => <Input {...p} autoComplete="off" autoFocus spellCheck={false} />}
          </FormField>
        ) : (
          <FormField label="Authentication code" name="code" hint="The 6-digit code from your authenticator app.">
            {(p) => <Input {...p} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} autoFocus />}
          </FormField>
        )}
        <Button type="submit" className="w-full" loading={busy} loadingLabel="Verifying…">
          Verify
        </Button>
        <Button type="button" variant="ghost" className="w-full" onClick={() => setUsingRecovery((v) => !v)}>
          {usingRecovery ? "Use a code from my app instead" : "Use a recovery code instead"}
        </Button>
      </form>
    );
  }

  return (
    <form action={formAction} className="space-y-5" noValidate>
      {note && !state.error ? <Alert variant="info">{note}</Alert> : null}
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      {/* `required` on the control only: both fields are obviously needed, so no "(required)" in the labels. */}
      <FormField label="Email" name="email">
        {(p) => <Input {...p} type="email" autoComplete="email" required defaultValue={state.email} />}
      </FormField>
      <FormField label="Password" name="password">
        {(p) => <Input {...p} type="password" autoComplete="current-password" required />}
      </FormField>
      <Button type="submit" className="w-full" loading={busy} loadingLabel="Signing in…">
        Sign in
      </Button>
      <p className="text-center text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300">
          Forgot password?
        </Link>
      </p>
    </form>
  );
}
