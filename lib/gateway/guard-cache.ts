import { checkGuard, recordFailure, type GuardKey, type Limit, type Verdict } from "../auth/brute-force";

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

export function createApiKeyGuard() {
  const cache = new Map<string, { at: number; verdict: Verdict; until: number }>();
  // Requests from one address that miss together share one query.
  const pending = new Map<string, Promise<Verdict>>();
  const remember = (ip: string, verdict: Verdict) => {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(ip, { at: Date.now(), verdict, until: verdict.blocked ? Date.now() + verdict.retryAfterSeconds * 1000 : 0 });
  };
  return {
    async check(ip: string): Promise<Verdict> {
      const hit = cache.get(ip);
      const now = Date.now();
      if (hit && now - hit.at < TTL_MS) {
        if (!hit.verdict.blocked) return hit.verdict;
        if (hit.until > now) return { blocked: true, retryAfterSeconds: Math.ceil((hit.until - now) / 1000) };
      }
      let asked = pending.get(ip);
      if (!asked) {
        asked = checkGuard(keysFor(ip))
          .then((verdict) => (remember(ip, verdict), verdict))
          .finally(() => pending.delete(ip));
        pending.set(ip, asked);
      }
      return asked;
    },
    async fail(ip: string): Promise<void> {
      remember(ip, await recordFailure(keysFor(ip)));
    },
  };
}
