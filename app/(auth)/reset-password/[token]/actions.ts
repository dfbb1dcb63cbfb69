"use server";

import { headers } from "next/headers";
import { completePasswordReset } from "@/lib/auth/password-reset";
import { AppError, toActionError, type ActionResult } from "@/lib/errors";
import { formString } from "@/lib/console/form-state";
import { clientIpFromHeaders } from "@/lib/http/client-ip";

/** Sets the new password with the link's token (the service checks the token, the policy, and ends every session). */
export async function resetPasswordAction(token: string, formData: FormData): Promise<ActionResult<null>> {
  try {
    const password = formString(formData, "password");
    if (password !== formString(formData, "confirmPassword")) {
      throw new AppError("VALIDATION", "The two passwords are not the same.", { field: "confirmPassword" });
    }
    await completePasswordReset({ token, password, ip: clientIpFromHeaders(await headers()) });
    return { ok: true, data: null };
  } catch (err) {
    return { ok: false, error: toActionError(err) };
  }
}
