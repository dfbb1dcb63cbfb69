import "server-only";
import { generateSecret, generateURI, verify } from "otplib";

/**
 * TOTP as authenticator apps implement it (RFC 6238): SHA-1, 6 digits, 30-second
 * steps, 160-bit secrets. A code from the current step or the one before is accepted
 * (clocks drift and people type slowly); never one from the future.
 */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
export const ISSUER = "Auriko";

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret, algorithm: "sha1", digits: TOTP_DIGITS, period: TOTP_PERIOD });
}

export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/**
 * Checks `code` against `secret` at `epochSeconds`. Returns the matched time step, or
 * null. `afterStep` refuses any code from a step at or before the last accepted one.
 */
export async function matchTotp(secret: string, code: string, opts: { afterStep?: number | null; epochSeconds?: number } = {}) {
  const token = normaliseCode(code);
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    algorithm: "sha1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
    epoch: opts.epochSeconds ?? Math.floor(Date.now() / 1000),
    epochTolerance: [TOTP_PERIOD, 0],
    ...(opts.afterStep !== undefined && opts.afterStep !== null ? { afterTimeStep: opts.afterStep } : {}),
  });
  return result.valid ? (result as unknown as { timeStep: number }).timeStep : null;
}
