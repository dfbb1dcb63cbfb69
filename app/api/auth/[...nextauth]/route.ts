import { randomUUID } from "node:crypto";
import NextAuth from "next-auth";
import { getCurrentUser } from "@/lib/auth/current-user";
import { authOptions, readCookie, secureCookies, sessionCookieName } from "@/lib/auth/next-auth-options";
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

/**
 * next-auth's session endpoint trusts the cookie alone, so a cookie whose session was ended
 * (signed out everywhere, ended from another device, expired, password changed) would still
 * name its user there. Here a cookie counts only while its session is live, as on every
 * console page: otherwise the answer is next-auth's anonymous `{}` and the cookie is cleared.
 */
export async function GET(req: Request, ctx: RouteContext) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "session" && readCookie(req.headers.get("cookie") ?? undefined, sessionCookieName()) && !(await getCurrentUser())) {
    const clear = `${sessionCookieName()}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secureCookies() ? "; Secure" : ""}`;
    return Response.json({}, { headers: { "Cache-Control": "private, no-cache, no-store", "Set-Cookie": clear } });
  }
  return handler(req, ctx);
}

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
