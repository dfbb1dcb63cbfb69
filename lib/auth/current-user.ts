import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { decode } from "next-auth/jwt";
import { env } from "../env";
import { AppError } from "../errors";
import { clientIpFromHeaders } from "../http/client-ip";
import { sessionCookieName } from "./next-auth-options";
import { validateSession, type SessionUser } from "./sessions";

export type Principal = SessionUser & { ip: string };

/**
 * The signed-in user for this request, checked against the server-side session row
 * (revoked, expired or idle sessions are rejected even with a valid cookie).
 */
export const getCurrentUser = cache(async (): Promise<Principal | null> => {
  const jar = await cookies();
  const raw = jar.get(sessionCookieName())?.value;
  const ip = clientIpFromHeaders(await headers());
  if (!raw) return null;
  const token = await decode({ token: raw, secret: env().NEXTAUTH_SECRET ?? "" }).catch(() => null);
  const sid = token?.sid;
  if (typeof sid !== "string" || typeof token?.sub !== "string") return null;
  const user = await validateSession(sid, token.sub);
  return user ? { ...user, ip } : null;
});

/** For pages: sends anonymous visitors to sign in, then back here. */
export async function requireUser(returnTo: string): Promise<Principal> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For server actions and route handlers: a typed error instead of a redirect. */
export async function requirePrincipal(): Promise<Principal> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  return user;
}
