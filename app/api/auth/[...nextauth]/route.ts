import { randomUUID } from "node:crypto";
import NextAuth from "next-auth";
import { authOptions, readCookie, secureCookies } from "@/lib/auth/next-auth-options";
import { checkGuard } from "@/lib/brute-force";
import { deviceCookieHeader } from "@/lib/auth/device-cookie";
import { peekTicket, redeemedTicket, ticketCookieName } from "@/lib/auth/sign-in-ticket";
import { mfaKeys } from "@/lib/mfa/second-factor";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: RouteContext) {
  return (NextAuth(authOptions()) as unknown as (req: Request, ctx: RouteContext) => Promise<Response>)(req, ctx);
}

export { handler as GET };

/**
 * Completing a sign-in with a ticket: while the account's MFA guard blocks, answer 429
 * with Retry-After before any code is checked; once the ticket is spent, clear its cookie,
 * and when it was redeemed for a session, (re)issue the device cookie: the same device id
 * with a fresh expiry for a known device, a new id for a new one.
 */
export async function POST(req: Request, ctx: RouteContext) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") !== "callback/ticket") return handler(req, ctx);

  const name = ticketCookieName(secureCookies());
  const token = readCookie(req.headers.get("cookie") ?? undefined, name);
  const ticket = await peekTicket(token);
  if (ticket?.mfaRequired) {
    const verdict = await checkGuard(mfaKeys(ticket.userId));
    if (verdict.blocked) {
      const url = new URL("/login", req.url);
      url.searchParams.set("error", "RateLimited");
      url.searchParams.set("retryAfter", String(verdict.retryAfterSeconds));
      return Response.json(
        { url: url.toString(), error: "RateLimited", retryAfter: verdict.retryAfterSeconds },
        { status: 429, headers: { "Retry-After": String(verdict.retryAfterSeconds), "Cache-Control": "no-store" } },
      );
    }
  }
  const res = await handler(req, ctx);
  if (token && !(await peekTicket(token))) {
    const headers = new Headers(res.headers);
    headers.append("Set-Cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secureCookies() ? "; Secure" : ""}`);
    // Only the request that found the ticket live and left it redeemed completed this sign-in.
    const redeemed = ticket ? await redeemedTicket(token) : null;
    if (redeemed) headers.append("Set-Cookie", deviceCookieHeader(redeemed.userId, redeemed.deviceId ?? randomUUID(), secureCookies()));
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
  return res;
}
