import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "../env";
import { clientIpFromHeaders } from "../http/client-ip";
import { revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import { signInWithPassword } from "./sign-in";

/**
 * next-auth (v4) with email + password. The JWT cookie is only a carrier for the
 * user id and a server-side session id (lib/auth/sessions); it is checked against
 * the database on every request by getCurrentUser().
 */
const credentials = z.object({ email: z.string().email().max(320), password: z.string().min(1).max(1024) });

export class RateLimitedSignIn extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("RateLimited");
  }
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
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          const outcome = await signInWithPassword({
            ...parsed.data,
            ip: clientIpFromHeaders(headers),
            userAgent: headers["user-agent"],
          });
          if (!outcome.ok) {
            if (outcome.reason === "rate_limited") throw new RateLimitedSignIn(outcome.retryAfterSeconds);
            return null;
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
        const sid = (token as { sid?: string } | null)?.sid;
        if (sid) await revokeSession(sid);
      },
    },
  };
  return cached;
}
