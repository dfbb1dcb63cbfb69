"use server";

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

export async function signOutAllSessions(): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("account.signOutAll", principal, {});
  if (!result.ok) return result;
  redirect("/login?reason=signed-out");
}
