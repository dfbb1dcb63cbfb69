"use client";

import { useActionState } from "react";
import { Alert, Button, FormField, Input } from "@/components/ui";
import { tooManyAttempts } from "@/lib/console/sign-in-client";

type State = { email: string; sentMessage?: string; error?: { message: string; field?: string } };

/** POSTs JSON to /api/auth/password-reset, which answers the same for every well-formed address. */
async function requestLink(email: string): Promise<Omit<State, "email">> {
  let res: Response;
  try {
    res = await fetch("/api/auth/password-reset", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email }),
      credentials: "same-origin",
    });
  } catch {
    return { error: { message: "We couldn't reach the server. Check your connection and try again." } };
  }
  const body = (await res.json().catch(() => null)) as { message?: string; error?: { message?: string; field?: string } } | null;
  if (res.status === 429) {
    return { error: { message: tooManyAttempts(Number(res.headers.get("retry-after")) || undefined) } };
  }
  if (!res.ok) return { error: { message: body?.error?.message ?? "Something went wrong. Please try again.", field: body?.error?.field } };
  return { sentMessage: body?.message ?? "Check your inbox." };
}

export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState<State, FormData>(
    async (_prev, formData) => {
      const email = String(formData.get("email") ?? "").trim();
      if (!email) return { email, error: { message: "Enter the email of your account.", field: "email" } };
      return { email, ...(await requestLink(email)) };
    },
    { email: "" },
  );

  if (state.sentMessage) {
    return (
      <div className="space-y-5">
        <Alert variant="success" title="Check your inbox">
          {state.sentMessage}
        </Alert>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Nothing after a few minutes? Look in your spam folder, check the address ({state.email}), or ask again. Only the newest
          link works.
        </p>
        <form action={formAction}>
          <input type="hidden" name="email" value={state.email} />
          <Button type="submit" variant="secondary" className="w-full" loading={pending} loadingLabel="Sending…">
            Send another link
          </Button>
        </form>
      </div>
    );
  }

  const fieldError = state.error?.field === "email" ? state.error.message : undefined;
  return (
    <form action={formAction} className="space-y-5" noValidate>
      {state.error && !fieldError ? <Alert variant="error">{state.error.message}</Alert> : null}
      <FormField label="Email" name="email" error={fieldError}>
        {(p) => <Input {...p} type="email" autoComplete="email" required maxLength={320} defaultValue={state.email} autoFocus />}
      </FormField>
      <Button type="submit" className="w-full" loading={pending} loadingLabel="Sending…">
        Send reset link
      </Button>
    </form>
  );
}
