import "server-only";
import { digest, type GuardKey, type Limit } from "../brute-force";

/**
 * The sign-in step's keys and limits for the shared guard (lib/brute-force).
 * lib/gateway/guard-cache.ts still imports the guard from this path, hence the re-export.
 */
export { checkGuard, recordFailure, type GuardKey, type Limit, type Verdict } from "../brute-force";

export const SIGN_IN_LIMITS = {
  /** Per account: 5 free tries, then 1 s, 2 s, 4 s … up to 15 minutes. */
  account: { free: 5, baseSeconds: 1, capSeconds: 900, quietSeconds: 3600 },
  /** Per client address: more room for offices behind one NAT. */
  ip: { free: 20, baseSeconds: 1, capSeconds: 900, quietSeconds: 3600 },
  /**
   * Per device cookie (lib/auth/device-cookie.ts): a browser that signed in to the account
   * before. Its failures count here only, never against the account or the address; past
   * 10 this device alone is refused, 1 s, 2 s … up to 15 minutes.
   */
  device: { free: 10, baseSeconds: 1, capSeconds: 900, quietSeconds: 3600 },
} satisfies Record<string, Limit>;

export function signInKeys(email: string, ip: string): GuardKey[] {
  return [
    { key: `signin:acct:${digest(email)}`, limit: SIGN_IN_LIMITS.account },
    { key: `signin:ip:${ip}`, limit: SIGN_IN_LIMITS.ip },
  ];
}

/** The only key for an attempt that carries a valid device cookie for the account. */
export function deviceKeys(deviceId: string): GuardKey[] {
  return [{ key: `signin:device:${deviceId}`, limit: SIGN_IN_LIMITS.device }];
}
