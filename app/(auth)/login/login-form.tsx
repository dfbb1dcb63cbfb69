"use client";

import { signIn } from "next-auth/react";
import { useActionState } from "react";
import { Alert, Button, FormField, Input } from "@/components/ui";

type LoginState = { error?: string; email: string; redirecting?: boolean };

function plural(n: number, unit: string) {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** Words for next-auth's error codes (from `?error=` or a sign-in response). */
function describeError(code: string | null | undefined, retryAfter?: number): string | undefined {
  if (!code) return undefined;
  switch (code) {
    case "CredentialsSignin":
      return "Email or password is incorrect.";
    case "RateLimited":
      return retryAfter
        ? `Too many attempts. Try again in ${plural(retryAfter, "second")}.`
        : "Too many attempts. Please wait a little, then try again.";
    case "SessionRequired":
      return "Sign in to continue.";
    default:
      return "We couldn't sign you in. Please try again.";
  }
}

const reasons: Record<string, string> = {
  "signed-out": "You've signed out.",
  "password-changed": "Your password was changed and every session was signed out. Sign in with your new password.",
};

export type LoginFormProps = {
  /** Already checked on the server to be a same-site path. */
  callbackUrl?: string;
  initialError?: string;
  initialRetryAfter?: number;
  reason?: string;
};

export function LoginForm({ callbackUrl, initialError, initialRetryAfter, reason }: LoginFormProps) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(
    async (_prev, formData) => {
      const email = String(formData.get("email") ?? "").trim();
      const password = String(formData.get("password") ?? "");
      if (!email || !password) return { email, error: "Enter your email and password." };
      try {
        const res = await signIn("credentials", { redirect: false, email, password });
        if (res?.ok && !res.error) {
          window.location.assign(callbackUrl ?? "/w");
          return { email, redirecting: true };
        }
        // A blocked client gets a 429 whose URL (with retryAfter) next-auth does not pass on.
        if (res?.status === 429) return { email, error: describeError("RateLimited") };
        return { email, error: describeError(res?.error ?? "Unknown") };
      } catch {
        return { email, error: "We couldn't reach the server. Check your connection and try again." };
      }
    },
    { email: "", error: describeError(initialError, initialRetryAfter) },
  );

  const note = reason ? reasons[reason] : undefined;
  const busy = pending || state.redirecting;

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
    </form>
  );
}
