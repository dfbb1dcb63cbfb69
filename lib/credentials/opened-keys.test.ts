import { afterEach, describe, expect, it } from "vitest";
import { OpenedKeys } from "./opened-keys";

let clock = 0;
let cache: OpenedKeys;
const make = (max = 3, ttlMs = 60_000) => (cache = new OpenedKeys({ ttlMs, max, now: () => clock }));
afterEach(() => cache?.close());

describe("the opened-key cache", () => {
  it("serves a key only for the envelope it was opened from", () => {
    make();
    cache.set("w1:openai", "v1.k.n.box1", "sk-one");
    expect(cache.get("w1:openai", "v1.k.n.box1")).toBe("sk-one");
    // Replaced or re-sealed: the old key is dropped, not served.
    expect(cache.get("w1:openai", "v1.k.n.box2")).toBeUndefined();
    expect(cache.get("w1:openai", "v1.k.n.box1")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("forgets a key after its TTL, used or not", () => {
    make(3, 60_000);
    cache.set("w1:openai", "e", "sk-one");
    clock += 59_999;
    expect(cache.get("w1:openai", "e")).toBe("sk-one");
    clock += 1;
    expect(cache.get("w1:openai", "e")).toBeUndefined();
    cache.set("w2:openai", "e", "sk-two");
    clock += 60_000;
    cache.sweep();
    expect(cache.size).toBe(0);
  });

  it("holds at most `max` keys, dropping the least recently used", () => {
    make(2);
    cache.set("a", "e", "ka");
    cache.set("b", "e", "kb");
    expect(cache.get("a", "e")).toBe("ka");
    cache.set("c", "e", "kc");
    expect(cache.size).toBe(2);
    expect(cache.get("b", "e")).toBeUndefined();
    expect(cache.get("a", "e")).toBe("ka");
    expect(cache.get("c", "e")).toBe("kc");
  });
});
