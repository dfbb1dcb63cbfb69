"use server";

import { headers } from "next/headers";
import { confirmEmail } from "@/lib/auth/email-verification";
import { toActionError, type ActionResult } from "@/lib/errors";
import { clientIpFromHeaders } from "@/lib/http/client-ip";

/** The page's button: uses the link's token once and marks the address confirmed. */
export async function confirmEmailAction(token: string): Promise<ActionResult<{ email: string }>> {
  try {
    return { ok: true, data: await confirmEmail({ token, ip: clientIpFromHeaders(await headers()) }) };
  } catch (err) {
    return { ok: false, error: toActionError(err) };
  }
}
