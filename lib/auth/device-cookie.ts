import "server-only";
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { env } from "../env";

/**
 * The device cookie (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a
 * browser that signed in to an account before carries a signed token naming that account.
 * Password attempts with a valid one count against that device alone, so an attacker
 * hammering the account from elsewhere cannot lock its owner out (lib/auth/sign-in.ts).
 *
 * `v1.<device id>.<user id>.<expiry, unix seconds>.<HMAC-SHA256>`, the MAC under a key
 * derived from NEXTAUTH_SECRET for this purpose only. It proves nothing but "this browser
 * once knew the password": it is never a session and opens no page.
 */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-auriko.device" : "auriko.device";
}

function macKey(): Buffer {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  return createHmac("sha256", secret).update("auriko/device-cookie/v1").digest();
}

function mac(payload: string): Buffer {
  return createHmac("sha256", macKey()).update(payload).digest();
}

export function signDeviceCookie(userId: string, deviceId: string = randomUUID(), now = Date.now()): string {
  const expires = Math.floor(now / 1000) + DEVICE_COOKIE_MAX_AGE_SECONDS;
  const payload = `v1.${deviceId}.${userId}.${expires}`;
  return `${payload}.${mac(payload).toString("base64url")}`;
}

/** The device id when `value` is an unexpired cookie we signed for `userId`, else null. */
export function verifyDeviceCookie(value: string | undefined, userId: string | undefined, now = Date.now()): { deviceId: string } | null {
  if (!value || !userId || value.length > 200) return null;
  const parts = value.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") return null;
  const [, deviceId, forUser, expires, tag] = parts as [string, string, string, string, string];
  if (!UUID.test(deviceId) || !UUID.test(forUser) || !/^\d{1,12}$/.test(expires)) return null;
  const expected = mac(parts.slice(0, 4).join("."));
  const given = Buffer.from(tag, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (forUser !== userId || Number(expires) * 1000 <= now) return null;
  return { deviceId };
}

/** The Set-Cookie value: HttpOnly, SameSite=Lax, Secure (and __Host-) over https. */
export function deviceCookieHeader(userId: string, deviceId: string, secure: boolean): string {
  return [
    `${deviceCookieName(secure)}=${signDeviceCookie(userId, deviceId)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
