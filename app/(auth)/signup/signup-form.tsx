"use client";

import Link from "next/link";
import { submitPassword } from "@/lib/console/sign-in-client";
import { useActionState } from "react";
import { Alert, Button, FormField, Input } from "@/components/ui";

type SignupState = {
  name: string;
  email: string;
  error?: { message: string; field?: string };
  /** The server took the sign-up: what happens next is in the e-mail to that address. */
  checkEmail?: string;
  /** The account exists but signing in right after failed (e.g. rate limit): send them to sign in. */
  createdButSignedOut?: boolean;
  redirecting?: boolean;
};

const FIELDS = ["name", "email", "password"];

export type SignupFormProps = {
  callbackUrl?: string;
  /** From lib/auth/password (which is server-only: it loads argon2). */
  minPasswordLength: number;
  /** Signing up from an invitation: its address is filled in and fixed (the invitation accepts no other). */
  invitation?: { email: string; workspaceName: string; token: string; proof?: string };
};

type SignUpAnswer =
  | { status: "check_email"; message: string }
  | { status: "created" }
  | { error: { code: string; message: string; field?: string; retryAfterSeconds?: number } };

const OFFLINE = "We couldn't reach the server. Check your connection and try again.";

/** POST /api/auth/sign-up; a network failure or an unreadable answer becomes an error. */
async function postSignUp(payload: Record<string, string | undefined>): Promise<SignUpAnswer> {
  try {
    const res = await fetch("/api/auth/sign-up", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      credentials: "same-origin",
    });
    const body = (await res.json().catch(() => null)) as SignUpAnswer | null;
    if (body && ("status" in body || "error" in body)) return body;
    return { error: { code: "INTERNAL", message: "Something went wrong. Please try again." } };
  } catch {
    return { error: { code: "OFFLINE", message: OFFLINE } };
  }
}

export function SignupForm({ callbackUrl, minPasswordLength, invitation }: SignupFormProps) {
  const [state, formAction, pending] = useActionState<SignupState, FormData>(
    async (_prev, formData) => {
      const name = String(formData.get("name") ?? "");
      const email = String(formData.get("email") ?? "").trim();
      const password = String(formData.get("password") ?? "");
      const answer = await postSignUp({ name: name || undefined, email, password, invitationToken: invitation?.token, invitationProof: invitation?.proof });
      if ("error" in answer) return { name, email, error: answer.error };
      if (answer.status === "check_email") return { name, email, checkEmail: answer.message };
      const step = await submitPassword(email, password);
      if (step.kind === "done") {
        window.location.assign(callbackUrl ?? "/workspaces/new");
        return { name, email, redirecting: true };
      }
      return { name, email, createdButSignedOut: true };
    },
    { name: "", email: invitation?.email ?? "" },
  );

  const fieldError = (f: string) => (state.error?.field === f ? state.error.message : undefined);
  const generalError = state.error && !(state.error.field && FIELDS.includes(state.error.field)) ? state.error.message : undefined;
  const loginHref = callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login";

  if (state.checkEmail) {
    return (
      <div>
        <Alert variant="success" title="Check your e-mail">
          {state.checkEmail}
        </Alert>
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
          Nothing arrived? Check your spam folder. Once your address is confirmed, <Link href={loginHref}>sign in</Link>.
        </p>
      </div>
    );
  }

  if (state.createdButSignedOut) {
    return (
      <Alert variant="success" title="Your account is ready">
        We couldn&apos;t sign you in automatically. <Link href={loginHref}>Sign in</Link> to continue.
      </Alert>
    );
  }

  return (
    <form action={formAction} className="space-y-5" noValidate>
      {generalError ? <Alert variant="error">{generalError}</Alert> : null}
      <FormField
        label="Name (optional)"
        name="name"
        autoComplete="name"
        maxLength={80}
        defaultValue={state.name}
        hint="Teammates see it next to your email."
        error={fieldError("name")}
      />
      <FormField
        label="Email"
        name="email"
        error={fieldError("email")}
        hint={
          invitation
            ? `The address ${invitation.workspaceName} invited. The invitation can only be accepted with this address.`
            : undefined
        }
      >
        {(p) =>
          invitation ? (
            <Input {...p} type="email" autoComplete="email" required readOnly value={invitation.email} className="bg-slate-50 dark:bg-slate-900" />
          ) : (
            <Input {...p} type="email" autoComplete="email" required maxLength={320} defaultValue={state.email} />
          )
        }
      </FormField>
      <FormField
        label="Password"
        name="password"
        hint={`At least ${minPasswordLength} characters; a passphrase works well.`}
        error={fieldError("password")}
      >
        {(p) => <Input {...p} type="password" autoComplete="new-password" required minLength={minPasswordLength} />}
      </FormField>
      <Button type="submit" className="w-full" loading={pending || state.redirecting} loadingLabel="Creating your account…">
        Create account
      </Button>
    </form>
  );
}
