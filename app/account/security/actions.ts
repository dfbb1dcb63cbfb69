"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAccountAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";

/**
 * Two-factor authentication from the account security page. The setup secret and its
 * QR code go back to the client component that asked for them, in the action's
 * response: never into a URL, a cookie or the page's own (cacheable) HTML.
 */
export type EnrolmentSetup = { secret: string; qr: string };
export type RecoveryCodes = { recoveryCodes: string[] };

export async function startEnrolment(_prev: FormState<EnrolmentSetup>, formData: FormData): Promise<FormState<EnrolmentSetup>> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("mfa.start", principal, { password: formString(formData, "password") });
  if (!result.ok) return result;
  const { secret, qr } = result.data;
  return { ok: true, data: { secret, qr } };
}

/**
 * Turns MFA on. The account pages are revalidated, so the account page (and any copy the
 * browser's router kept) shows "On" from now on; the security page keeps the setup flow,
 * with the new recovery codes, on screen until "Done" (MfaSections).
 */
export async function confirmEnrolment(_prev: FormState<RecoveryCodes>, formData: FormData): Promise<FormState<RecoveryCodes>> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("mfa.confirm", principal, { code: formString(formData, "code") });
  if (!result.ok) return result;
  revalidatePath("/account", "layout");
  return { ok: true, data: { recoveryCodes: result.data.recoveryCodes } };
}

export async function regenerateRecoveryCodes(_prev: FormState<RecoveryCodes>, formData: FormData): Promise<FormState<RecoveryCodes>> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("mfa.regenerateCodes", principal, {
    password: formString(formData, "password"),
    code: formString(formData, "code"),
  });
  if (!result.ok) return result;
  // The account page counts the codes left.
  revalidatePath("/account", "layout");
  return { ok: true, data: { recoveryCodes: result.data.recoveryCodes } };
}

export async function disableMfa(_prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("mfa.disable", principal, {
    password: formString(formData, "password"),
    code: formString(formData, "code"),
  });
  if (!result.ok) return result;
  // The account page and this one show the status: both re-render as "off".
  revalidatePath("/account", "layout");
  redirect("/account/security?turnedOff=1");
}
