import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures: HMAC-SHA256 with the destination's secret over
 * `<timestamp>.<raw body>`, where the timestamp is Unix seconds, sent as
 * `X-Auriko-Timestamp` and the hex digest as `X-Auriko-Signature: v1=<hex>`
 * (docs/api.md, "Alert webhooks"). Receivers should refuse timestamps older than
 * SIGNATURE_TOLERANCE_SECONDS, which stops replays of a captured delivery.
 */
export const SIGNATURE_HEADER = "x-auriko-signature";
export const TIMESTAMP_HEADER = "x-auriko-timestamp";
export const SIGNATURE_TOLERANCE_SECONDS = 300;
const SECRET_PREFIX = "whsec_";

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64url");
}

/** What the console shows of a secret after creation: its first characters. */
export function secretHint(secret: string): string {
  return secret.slice(0, SECRET_PREFIX.length + 4);
}

export function signPayload(secret: string | Uint8Array, timestamp: number, rawBody: string): string {
  return "v1=" + createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
}

/** The receiver's side, as documented: constant-time comparison and a freshness window. */
export function verifySignature(
  secret: string,
  headers: { signature: string | null | undefined; timestamp: string | null | undefined },
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts) || Math.abs(nowSeconds - ts) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signPayload(secret, ts, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
