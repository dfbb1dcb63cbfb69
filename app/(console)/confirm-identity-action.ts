"use server";

import { runAccountAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";

/** The step-up prompt's answer: the password, or a 6-digit code from the authenticator app. */
export async function confirmIdentityAction(_prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  const principal = await getCurrentUser();
  const method = formString(formData, "method");
  const input = method === "totp" ? { code: formString(formData, "code") } : { password: formString(formData, "password") };
  const result = await runAccountAction("account.confirmIdentity", principal, input);
  return result.ok ? { ok: true, data: null } : result;
}
