import "server-only";
import { hash, randomBytes } from "node:crypto";

/**
 * Workspace API keys: `ak_live_` + 32 base62 characters (190 bits from the CSPRNG).
 * The fixed prefix lets secret scanners recognise leaked keys. Only the SHA-256 of
 * the whole key is stored (a slow hash adds nothing for a random 190-bit secret),
 * plus the first characters for recognising a key in lists.
 */
export const API_KEY_PREFIX = "ak_live_";
const BODY_LENGTH = 32;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${BODY_LENGTH}}$`);

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  let body = "";
  while (body.length < BODY_LENGTH) {
    for (const byte of randomBytes(48)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 248 && body.length < BODY_LENGTH) body += ALPHABET[byte % 62];
    }
  }
  const key = API_KEY_PREFIX + body;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 4), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return hash("sha256", key, "hex");
}

export function looksLikeApiKey(value: string): boolean {
  return SHAPE.test(value);
}
