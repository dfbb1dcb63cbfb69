import { signIn } from "next-auth/react";

/**
 * The browser side of the two-step sign-in: the password to POST /api/auth/sign-in
 * (which sets a sign-in ticket cookie), then next-auth's "ticket" provider, with a
 * TOTP or recovery code when the account has two-factor authentication.
 */
export type PasswordStep =
  | { kind: "done" }
  | { kind: "mfa" }
  | { kind: "error"; message: string };

function plural(n: number, unit: string) {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

export function tooManyAttempts(retryAfter?: number): string {
  return retryAfter ? `Too many attempts. Try again in ${plural(retryAfter, "second")}.` : "Too many attempts. Please wait a little, then try again.";
}

export async function submitPassword(email: string, password: string): Promise<PasswordStep> {
  let res: Response;
  try {
    res = await fetch("/api/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
      credentials: "same-origin",
    });
  } catch {
    return { kind: "error", message: "We couldn't reach the server. Check your connection and try again." };
  }
  if (res.status === 429) return { kind: "error", message: tooManyAttempts(Number(res.headers.get("retry-after")) || undefined) };
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { kind: "error", message: body?.error?.message ?? "We couldn't sign you in. Please try again." };
  }
  const body = (await res.json()) as { mfaRequired: boolean };
  if (body.mfaRequired) return { kind: "mfa" };
  const done = await submitSecondStep({});
  return done.ok ? { kind: "done" } : { kind: "error", message: done.message };
}

export async function submitSecondStep(factor: { code?: string; recoveryCode?: string }): Promise<{ ok: true } | { ok: false; message: string; restart?: boolean }> {
  const res = await signIn("ticket", { redirect: false, ...factor }).catch(() => undefined);
  if (res?.ok && !res.error) return { ok: true };
  if (res?.status === 429 || res?.error === "RateLimited") return { ok: false, message: tooManyAttempts() };
  if (res?.error === "SignInExpired") {
    return { ok: false, restart: true, message: "That sign-in expired or had too many wrong codes. Enter your password again." };
  }
  if (res?.error === "MfaInvalid") {
    return factor.recoveryCode
      ? { ok: false, message: "That recovery code is not valid or was already used." }
      : { ok: false, message: "That code is not right. Try the current code from your app." };
  }
  return { ok: false, message: "We couldn't sign you in. Please try again." };
}
