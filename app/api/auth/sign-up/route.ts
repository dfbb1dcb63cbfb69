import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { signUp, signUpCheckEmailMessage } from "@/lib/auth/account";
import { AppError } from "@/lib/errors";
import { clientIpFromHeaders } from "@/lib/http/client-ip";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Only the types here: signUp validates the values and names the field that is wrong.
const body = z.object({
  email: z.string().max(1024),
  password: z.string().max(1024),
  name: z.string().max(1024).optional(),
  invitationToken: z.string().max(200).optional(),
  invitationProof: z.string().max(100).optional(),
});

/**
 * Every "check your e-mail" answer leaves no sooner than this after the request arrived. The
 * work behind it is the same shape for every address, but not the same size (taking over an
 * unconfirmed account ends sessions and supersedes links; a new one is one insert), and a
 * patient client could average the difference out of many samples: the floor covers it.
 */
const SIGN_UP_ANSWER_FLOOR_MS = 200;

function json(status: number, payload: unknown, headers: Record<string, string> = {}) {
  return Response.json(payload, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/**
 * Creating an account. Every well-formed sign-up that passes the password policy and the
 * per-IP guard gets the same 202 answer, whether the address is new, has an account or
 * has an unconfirmed one (see signUp): what happens next is said only in the e-mail to
 * that address. The one exception is a sign-up from a pending invitation to the same
 * address without an account yet: 201, created confirmed, and the browser signs in.
 * JSON only, so a cross-site form cannot post here.
 */
export async function POST(req: Request) {
  if (!(req.headers.get("content-type") ?? "").includes("application/json")) {
    return json(415, { error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "Send JSON." } });
  }
  const started = performance.now();
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return json(400, { error: { code: "VALIDATION", message: "Enter your email and a password." } });
  try {
    const outcome = await signUp({ ...parsed.data, ip: clientIpFromHeaders(req.headers) });
    if (outcome.status === "created") return json(201, { status: "created" });
    const wait = started + SIGN_UP_ANSWER_FLOOR_MS - performance.now();
    if (wait > 0) await sleep(wait);
    return json(202, { status: "check_email", message: signUpCheckEmailMessage(outcome.email) });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const retry = err.retryAfterSeconds;
    return json(
      err.status,
      { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}), ...(retry ? { retryAfterSeconds: retry } : {}) } },
      retry ? { "Retry-After": String(retry) } : {},
    );
  }
}
