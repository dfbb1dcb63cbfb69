"use server";

import { headers } from "next/headers";
import { signUp } from "@/lib/auth/account";
import { toActionError, type ActionResult } from "@/lib/errors";
import { formString } from "@/lib/console/form-state";
import { clientIpFromHeaders } from "@/lib/http/client-ip";

/** Creates the account (signUp validates every field); the browser then signs in with the same credentials. */
export async function signUpAction(formData: FormData): Promise<ActionResult<null>> {
  try {
    const ip = clientIpFromHeaders(await headers());
    await signUp({
      name: formString(formData, "name") || undefined,
      email: formString(formData, "email"),
      password: formString(formData, "password"),
      ip,
    });
    return { ok: true, data: null };
  } catch (err) {
    return { ok: false, error: toActionError(err) };
  }
}
