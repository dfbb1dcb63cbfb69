import { describe, expect, it } from "vitest";
import { lookupCache } from "./lookup-cache";

describe("lookupCache", () => {
  it("runs one lookup for callers that miss together, and answers from it until the TTL ends", async () => {
    const cache = lookupCache<string>({ ttlMs: 1_000, max: 10 });
    let loads = 0;
    const load = async () => `value ${++loads}`;
    const together = await Promise.all(Array.from({ length: 50 }, () => cache.get("k", load, 0)));
    expect(new Set(together)).toEqual(new Set(["value 1"]));
    expect(await cache.get("k", load, 1_000)).toBe("value 1");
    expect(await cache.get("k", load, 1_001)).toBe("value 2");
    expect(loads).toBe(2);
  });

  it("forgets a failed lookup at once: the next caller asks again", async () => {
    const cache = lookupCache<string>({ ttlMs: 60_000, max: 10 });
    await expect(cache.get("k", () => Promise.reject(new Error("database away")), 0)).rejects.toThrow("database away");
    expect(await cache.get("k", async () => "back", 1)).toBe("back");
  });

  it("keeps at most `max` entries, dropping the oldest, and clear() empties it", async () => {
    const cache = lookupCache<number>({ ttlMs: 60_000, max: 2 });
    let loads = 0;
    const load = async () => ++loads;
    await cache.get("a", load, 0);
    await cache.get("b", load, 0);
    await cache.get("c", load, 0);
    expect(await cache.get("b", load, 1)).toBe(2);
    expect(await cache.get("a", load, 1)).toBe(4);
    cache.clear();
    expect(await cache.get("b", load, 2)).toBe(5);
  });

  it("put() keeps a value learnt elsewhere for the TTL; delete() makes the next caller look up again", async () => {
    const cache = lookupCache<string>({ ttlMs: 1_000, max: 10 });
    let loads = 0;
    const load = async () => `loaded ${++loads}`;
    cache.put("k", "written", 0);
    expect(await cache.get("k", load, 500)).toBe("written");
    cache.delete("k");
    expect(await cache.get("k", load, 600)).toBe("loaded 1");
    cache.put("k", "newer", 700);
    expect(await cache.get("k", load, 1_700)).toBe("newer");
    expect(await cache.get("k", load, 1_701)).toBe("loaded 2");
  });

  describe("with refreshAfterMs", () => {
    const deferred = () => {
      let resolve!: (v: string) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    };

    it("answers from the cache while one background lookup runs, then from its answer", async () => {
      const cache = lookupCache<string>({ ttlMs: 1_000, refreshAfterMs: 600, max: 10 });
      const next = deferred();
      const loads: string[] = [];
      expect(await cache.get("k", async () => (loads.push("first"), "old"), 0)).toBe("old");
      expect(await cache.get("k", () => (loads.push("early"), next.promise), 600)).toBe("old");
      const during = await Promise.all([700, 800, 900].map((t) => cache.get("k", () => (loads.push(`again ${t}`), next.promise), t)));
      expect(during).toEqual(["old", "old", "old"]);
      expect(loads).toEqual(["first", "again 700"]);
      // The background lookup started at 700; its answer is good until 1,700.
      next.resolve("new");
      await next.promise;
      await Promise.resolve();
      expect(await cache.get("k", async () => (loads.push("late"), "later"), 1_200)).toBe("new");
      expect(loads).toEqual(["first", "again 700"]);
      // Old enough again at 1,650: the answer stands while the next one is looked up.
      expect(await cache.get("k", async () => (loads.push("late"), "later"), 1_650)).toBe("new");
      expect(loads).toEqual(["first", "again 700", "late"]);
    });

    it("never serves an answer past ttlMs after its lookup started, even while a background lookup hangs", async () => {
      const cache = lookupCache<string>({ ttlMs: 1_000, refreshAfterMs: 600, max: 10 });
      const hang = deferred();
      await cache.get("k", async () => "revoked later", 0);
      expect(await cache.get("k", () => hang.promise, 700)).toBe("revoked later");
      expect(await cache.get("k", async () => "fresh", 1_001)).toBe("fresh");
      hang.resolve("stale answer that arrives late");
      await hang.promise;
      await Promise.resolve();
      expect(await cache.get("k", async () => "unused", 1_500)).toBe("fresh");
    });

    it("keeps the old answer when the background lookup fails, does not retry it, and asks again at ttlMs", async () => {
      const cache = lookupCache<string>({ ttlMs: 1_000, refreshAfterMs: 600, max: 10 });
      let loads = 0;
      await cache.get("k", async () => "old", 0);
      const failing = () => (loads++, Promise.reject(new Error("database away")));
      expect(await cache.get("k", failing, 700)).toBe("old");
      await Promise.resolve();
      expect(await cache.get("k", failing, 800)).toBe("old");
      expect(loads).toBe(1);
      expect(await cache.get("k", async () => "back", 1_001)).toBe("back");
    });

    it("lets a delete or put made during a background lookup win over its answer", async () => {
      const cache = lookupCache<string>({ ttlMs: 1_000, refreshAfterMs: 600, max: 10 });
      const bg = deferred();
      await cache.get("k", async () => "active", 0);
      await cache.get("k", () => bg.promise, 700);
      cache.delete("k");
      bg.resolve("active (read before the revocation)");
      await bg.promise;
      await Promise.resolve();
      expect(await cache.get("k", async () => "revoked", 710)).toBe("revoked");

      const bg2 = deferred();
      await cache.get("j", async () => "v1", 0);
      await cache.get("j", () => bg2.promise, 700);
      cache.put("j", "written", 710);
      bg2.resolve("read before the write");
      await bg2.promise;
      await Promise.resolve();
      expect(await cache.get("j", async () => "unused", 720)).toBe("written");
    });
  });
});
