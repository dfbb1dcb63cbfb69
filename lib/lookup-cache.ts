/**
 * In-memory lookups by key, each answer kept `ttlMs` from the moment its lookup started.
 * The lookup's promise is what is kept, so callers that miss together (every connection of
 * a busy client when an entry expires) share one lookup; a lookup that fails is forgotten
 * at once, so the next caller asks again. Past `max` entries the oldest goes.
 *
 * With `refreshAfterMs`, an entry in use is looked up again in the background once it is
 * that old, and callers keep getting the cached answer meanwhile: a key in steady use never
 * makes a request wait for the database, and no answer is ever served longer than `ttlMs`
 * after its lookup started. A background lookup that fails is not retried for that entry;
 * the entry then runs out at `ttlMs` and the next caller asks again. A `put` or `delete`
 * made while a background lookup is under way wins over its answer.
 */
import "server-only";

type Entry<V> = { at: number; value: Promise<V>; refreshing: boolean };

export function lookupCache<V>(opts: { ttlMs: number; max: number; refreshAfterMs?: number }) {
  const entries = new Map<string, Entry<V>>();
  const store = (key: string, value: Promise<V>, now: number) => {
    const entry: Entry<V> = { at: now, value, refreshing: false };
    entries.delete(key);
    if (entries.size >= opts.max) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
    return entry;
  };
  const refresh = (key: string, old: Entry<V>, load: () => Promise<V>, now: number) => {
    old.refreshing = true;
    load().then(
      (value) => entries.get(key) === old && store(key, Promise.resolve(value), now),
      () => {},
    );
  };
  return {
    get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
      const hit = entries.get(key);
      if (hit && now - hit.at <= opts.ttlMs) {
        if (opts.refreshAfterMs !== undefined && now - hit.at > opts.refreshAfterMs && !hit.refreshing) refresh(key, hit, load, now);
        return hit.value;
      }
      const entry = store(key, load(), now);
      entry.value.catch(() => entries.get(key) === entry && entries.delete(key));
      return entry.value;
    },
    /** A value learnt another way (a write that returned it): kept as if just looked up. */
    put(key: string, value: V, now = Date.now()): void {
      store(key, Promise.resolve(value), now);
    },
    delete: (key: string) => void entries.delete(key),
    clear: () => entries.clear(),
  };
}
