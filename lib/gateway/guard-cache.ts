import "server-only";
import { checkGuard, recordFailure, type GuardKey, type Limit, type Verdict } from "../auth/brute-force";
import { lookupCache } from "../lookup-cache";

/**
 * The API-key brute-force guard, per client address, without a database round trip
 * on every request: a verdict is cached for a couple of seconds per address (a block
 * set by another instance is honoured within that bound), and failures go straight
 * to Postgres so every instance counts them.
 */
export const API_KEY_LIMIT: Limit = { free: 20, baseSeconds: 1, capSeconds: 300, quietSeconds: 600 };
const TTL_MS = 2_000;
const MAX_ENTRIES = 50_000;

const keysFor = (ip: string): GuardKey[] => [{ key: `apikey:ip:${ip}`, limit: API_KEY_LIMIT }];

type Remembered = { verdict: Verdict; until: number };

export function createApiKeyGuard() {
  // Requests from one address that miss together share one query (lookupCache).
  const verdicts = lookupCache<Remembered>({ ttlMs: TTL_MS, refreshAfterMs: TTL_MS - 500, max: MAX_ENTRIES });
  const remember = (verdict: Verdict): Remembered => ({
    verdict,
    until: verdict.blocked ? Date.now() + verdict.retryAfterSeconds * 1000 : 0,
  });
  const ask = (ip: string) => checkGuard(keysFor(ip)).then(remember);
  return {
    async check(ip: string): Promise<Verdict> {
      let r = await verdicts.get(ip, () => ask(ip));
      // A block that ran out while cached: ask again rather than wait for the cache.
      if (r.verdict.blocked && r.until <= Date.now()) {
        verdicts.delete(ip);
        r = await verdicts.get(ip, () => ask(ip));
      }
      if (!r.verdict.blocked) return r.verdict;
      return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((r.until - Date.now()) / 1000)) };
    },
    async fail(ip: string): Promise<void> {
      verdicts.put(ip, remember(await recordFailure(keysFor(ip))));
    },
  };
}
