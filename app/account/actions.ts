"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAccountAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";

/** Changes the password; every session ends, this one too, so the next stop is the sign-in page. */
export async function changePassword(_prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("account.changePassword", principal, {
    currentPassword: formString(formData, "currentPassword"),
    newPassword: formString(formData, "newPassword"),
  });
  if (!result.ok) return result;
  redirect("/login?reason=password-changed");
}

/** Ends one session from the list; ending this one is signing out. */
export async function endSession(_prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("account.endSession", principal, { sessionId: formString(formData, "sessionId") });
  if (!result.ok) return result;
  if (result.data.current) redirect("/login?reason=signed-out");
  revalidatePath("/account");
  return { ok: true, data: undefined };
}

export async function signOutAllSessions(): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("account.signOutAll", principal, {});
  if (!result.ok) return result;
  redirect("/login?reason=signed-out");
}
