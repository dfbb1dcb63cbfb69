import "server-only";
import { hash, verify } from "@node-rs/argon2";

/**
 * Passwords: argon2id with OWASP's baseline parameters (19 MiB, t=2, p=1).
 * Verification of an unknown account still hashes a dummy password so that timing
 * does not reveal which emails exist.
 */
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum in the typings)
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies `password` against `stored`; with no stored hash, spends the same time and fails. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash("auriko-dummy-password-for-timing", PARAMS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
