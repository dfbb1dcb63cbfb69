import { after } from "next/server";
import { z } from "zod";
import { requestPasswordReset, RESET_REQUESTED_MESSAGE, type Defer } from "@/lib/auth/password-reset";
import { AppError } from "@/lib/errors";
import { clientIpFromHeaders } from "@/lib/http/client-ip";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.object({ email: z.string().max(1024) });

function json(status: number, payload: unknown, headers: Record<string, string> = {}) {
  return Response.json(payload, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** Issuing the link (a transaction and the email) happens after the response has gone. */
const afterResponse: Defer = (work) => {
  try {
    after(work);
  } catch {
    // Outside a Next request scope (the route called directly, as in tests): in the background.
    void work();
  }
};

/**
 * "Forgot password?": POST { email } as JSON (so a cross-site form cannot post here).
 * 202 with the same body for a known and an unknown address; 400 for a malformed one;
 * 429 with Retry-After when the address or the client asked too often.
 */
export async function POST(req: Request) {
  if (!(req.headers.get("content-type") ?? "").includes("application/json")) {
    return json(415, { error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "Send JSON." } });
  }
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return json(400, { error: { code: "VALIDATION", message: "Enter a valid email address.", field: "email" } });
  try {
    await requestPasswordReset({ email: parsed.data.email, ip: clientIpFromHeaders(req.headers) }, { defer: afterResponse });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const retry = err.retryAfterSeconds;
    return json(
      err.status,
      { error: { code: err.code, message: err.message, field: err.field, retryAfterSeconds: retry } },
      retry ? { "Retry-After": String(retry) } : {},
    );
  }
  return json(202, { ok: true, message: RESET_REQUESTED_MESSAGE });
}
