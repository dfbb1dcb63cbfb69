"use server";

import { runAccountAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import type { FormState } from "@/lib/console/form-state";

/** "Send a new link": a fresh verification e-mail for the signed-in user (rate-limited per account). */
export async function resendVerificationAction(): Promise<FormState<{ email: string; alreadyVerified: boolean }>> {
  return runAccountAction("account.resendVerification", await getCurrentUser(), {});
}
