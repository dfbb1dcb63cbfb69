import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "../env";
import { clientIpFromHeaders } from "../http/client-ip";
import { revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { completeSignIn, ticketCookieName } from "./sign-in-ticket";
import { recordAuthEvent } from "./trail";

/**
 * next-auth (v4). Sign-in has two steps: POST /api/auth/sign-in checks the password
 * and sets a sign-in ticket cookie; the "ticket" provider below redeems it (with a
 * TOTP or recovery code when the account has MFA) for a session. The JWT cookie is
 * only a carrier for the user id and a server-side session id (lib/auth/sessions),
 * checked against the database on every request by getCurrentUser().
 */
const factorInput = z.object({ code: z.string().max(16).optional(), recoveryCode: z.string().max(64).optional() });

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

export function secureCookies(): boolean {
  return (env().NEXTAUTH_URL ?? "").startsWith("https://");
}

export function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

let cached: AuthOptions | undefined;

export function authOptions(): AuthOptions {
  if (cached) return cached;
  cached = {
    secret: env().NEXTAUTH_SECRET,
    useSecureCookies: secureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 15 * 60 },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        // Completes a sign-in started at POST /api/auth/sign-in (password step), with the
        // second factor when the account has one. See lib/auth/sign-in-ticket.
        id: "ticket",
        name: "Sign-in ticket",
        credentials: { code: { label: "Code", type: "text" }, recoveryCode: { label: "Recovery code", type: "text" } },
        async authorize(raw, req) {
          const parsed = factorInput.safeParse(raw ?? {});
          if (!parsed.success) return null;
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const outcome = await completeSignIn({
            token: readCookie(headers.cookie, ticketCookieName(secureCookies())),
            factor: { code: parsed.data.code || undefined, recoveryCode: parsed.data.recoveryCode || undefined },
            ip: clientIpFromHeaders(headers),
            userAgent: headers["user-agent"],
          });
          if (!outcome.ok) {
            if (outcome.reason === "rate_limited") throw new Error("RateLimited");
            throw new Error(outcome.reason === "expired" ? "SignInExpired" : "MfaInvalid");
          }
          return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name, sessionId: outcome.sessionId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sid = (user as { sessionId?: string }).sessionId;
        return token;
      },
      async session({ session, token }) {
        // The session id stays in the encrypted cookie; the browser sees only who is signed in.
        session.user = { name: token.name ?? null, email: token.email ?? null };
        return session;
      },
      async redirect({ url, baseUrl }) {
        if (url.startsWith("/")) return `${baseUrl}${url}`;
        return new URL(url).origin === baseUrl ? url : baseUrl;
      },
    },
    events: {
      async signOut({ token }) {
        const { sid, sub } = (token ?? {}) as { sid?: string; sub?: string };
        if (!sid) return;
        const ended = await revokeSession(sid);
        // next-auth hands this event no request, so no client address: the session names the device.
        // A cookie whose session had already ended (signed out everywhere, say) signs nothing out.
        if (ended && sub) await recordAuthEvent({ userId: sub, kind: "signed_out", outcome: "success", sessionId: sid });
      },
    },
  };
  return cached;
}
