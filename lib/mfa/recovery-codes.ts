import "server-only";
import { createHash, randomBytes } from "node:crypto";

/**
 * Recovery codes: ten per set, each 120 random bits written as six groups of four
 * base32 characters (no 0/1/8/9 confusion: RFC 4648 alphabet). That entropy makes a
 * fast hash safe to store; each code works once.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function generateRecoveryCode(): string {
  const bytes = randomBytes(15); // 120 bits = 24 base32 characters
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join("-");
}

export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
}

export function looksLikeRecoveryCode(input: string): boolean {
  return /^[A-Z2-7]{24}$/.test(input.replace(/[\s-]/g, "").toUpperCase());
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.replace(/[\s-]/g, "").toUpperCase()).digest("hex");
}
