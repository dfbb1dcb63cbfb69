import { z } from "zod";
import { issueTicket, TICKET_TTL_SECONDS, ticketCookieName } from "@/lib/auth/sign-in-ticket";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { deviceCookieName } from "@/lib/auth/device-cookie";
import { readCookie, secureCookies } from "@/lib/auth/next-auth-options";
import { clientIpFromHeaders } from "@/lib/http/client-ip";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(1024) });

function json(status: number, payload: unknown, headers: Record<string, string> = {}) {
  return Response.json(payload, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/**
 * Step one of sign-in: the password. Success sets a short-lived sign-in ticket cookie
 * (not a session) and says whether a second factor is needed; the browser then calls
 * next-auth's "ticket" provider. JSON only, so a cross-site form cannot post here.
 */
export async function POST(req: Request) {
  if (!(req.headers.get("content-type") ?? "").includes("application/json")) {
    return json(415, { error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "Send JSON." } });
  }
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return json(400, { error: { code: "VALIDATION", message: "Enter your email and password." } });
  const ip = clientIpFromHeaders(req.headers);
  const secure = secureCookies();
  const outcome = await signInWithPassword({
    ...parsed.data,
    ip,
    userAgent: req.headers.get("user-agent") ?? undefined,
    deviceCookie: readCookie(req.headers.get("cookie") ?? undefined, deviceCookieName(secure)),
  });
  if (!outcome.ok) {
    if (outcome.reason === "rate_limited") {
      const s = String(outcome.retryAfterSeconds);
      return json(429, { error: { code: "RATE_LIMITED", message: "Too many attempts.", retryAfterSeconds: outcome.retryAfterSeconds } }, { "Retry-After": s });
    }
    return json(401, { error: { code: "INVALID_CREDENTIALS", message: "Email or password is incorrect." } });
  }
  const token = await issueTicket(outcome.user.id, outcome.mfaRequired, ip, outcome.deviceId);
  const cookie = [
    `${ticketCookieName(secure)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${TICKET_TTL_SECONDS}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
  return json(200, { mfaRequired: outcome.mfaRequired }, { "Set-Cookie": cookie });
}
