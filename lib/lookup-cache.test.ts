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
});
