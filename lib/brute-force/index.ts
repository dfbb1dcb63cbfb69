import "server-only";
import { createHash } from "node:crypto";
import { rawExecute, rawQuery } from "../db";

/**
 * One reusable brute-force guard (sign-in, MFA, API keys), in a module of its own so
 * that each of those depends on it and none on another. Failures are counted per
 * key in Postgres so every instance shares them. After `free` failures each further
 * failure blocks the key for base * 2^(n - free - 1) seconds, capped; a quiet period
 * resets the count. Blocks are always temporary, so an attacker cannot lock a user
 * out for good, only slow everyone (including themselves) down.
 *
 * Through the raw pool (lib/db/raw.ts): the API-key guard runs on the proxy's event loop.
 */
export type Limit = { free: number; baseSeconds: number; capSeconds: number; quietSeconds: number };

export type GuardKey = { key: string; limit: Limit };

export type Verdict = { blocked: false } | { blocked: true; retryAfterSeconds: number };

export function digest(value: string): string {
  return createHash("sha256").update(value.trim().toLowerCase()).digest("base64url").slice(0, 32);
}

export async function checkGuard(keys: GuardKey[]): Promise<Verdict> {
  if (!keys.length) return { blocked: false };
  const rows = await rawQuery<{ retry: number | null }>(
    `SELECT ceil(extract(epoch FROM max(blocked_until) - now()))::int AS retry
       FROM auth_throttle
      WHERE key = ANY($1::text[]) AND blocked_until > now()`,
    [keys.map((k) => k.key)],
  );
  const retry = rows[0]?.retry;
  return retry && retry > 0 ? { blocked: true, retryAfterSeconds: retry } : { blocked: false };
}

/** Counts one failure on every key (one atomic upsert each) and returns the verdict. */
export async function recordFailure(keys: GuardKey[]): Promise<Verdict> {
  let longest = 0;
  for (const { key, limit } of keys) {
    const { free, baseSeconds, capSeconds, quietSeconds } = limit;
    // The failure count after this one; it restarts at 1 after a quiet period.
    const n = `(CASE WHEN t.last_failure_at < now() - make_interval(secs => $5::float8) THEN 1 ELSE t.failures + 1 END)`;
    const rows = await rawQuery<{ failures: number }>(
      `INSERT INTO auth_throttle AS t (key, failures, last_failure_at, blocked_until)
       VALUES ($1, 1, now(), CASE WHEN 1 > $2::int THEN now() + make_interval(secs => $3::float8) END)
       ON CONFLICT (key) DO UPDATE SET
         failures = ${n},
         last_failure_at = now(),
         blocked_until = CASE WHEN ${n} > $2::int
           THEN now() + make_interval(secs => least($4::float8, $3::float8 * power(2, ${n} - $2::int - 1)))
           ELSE NULL END
       RETURNING failures`,
      [key, free, baseSeconds, capSeconds, quietSeconds],
    );
    const failures = Number(rows[0]?.failures ?? 0);
    if (failures > free) longest = Math.max(longest, Math.min(capSeconds, baseSeconds * 2 ** (failures - free - 1)));
  }
  return longest > 0 ? { blocked: true, retryAfterSeconds: longest } : { blocked: false };
}

/** A success clears the given keys (the account's, not the client address's). */
export async function clearGuard(keys: GuardKey[]): Promise<void> {
  if (!keys.length) return;
  await rawExecute("DELETE FROM auth_throttle WHERE key = ANY($1::text[])", [keys.map((k) => k.key)]);
}

/** Housekeeping: forget counters that have been quiet for a day. */
export async function pruneGuard(): Promise<number> {
  return rawExecute(
    `DELETE FROM auth_throttle
      WHERE last_failure_at < now() - interval '1 day' AND (blocked_until IS NULL OR blocked_until < now())`,
  );
}
