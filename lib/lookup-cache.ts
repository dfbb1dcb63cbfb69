/**
 * In-memory lookups by key, each kept `ttlMs`. The lookup's promise is what is kept, so
 * callers that miss together (every connection of a busy client when an entry expires)
 * share one lookup; a lookup that fails is forgotten at once, so the next caller asks
 * again. Past `max` entries the oldest goes.
 */
export function lookupCache<V>(opts: { ttlMs: number; max: number }) {
  const entries = new Map<string, { at: number; value: Promise<V> }>();
  const store = (key: string, value: Promise<V>, now: number) => {
    const entry = { at: now, value };
    entries.delete(key);
    if (entries.size >= opts.max) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
    return entry;
  };
  return {
    get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
      const hit = entries.get(key);
      if (hit && now - hit.at <= opts.ttlMs) return hit.value;
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
