import { describe, expect, it } from "vitest";
import { addToHistogram, bucketBounds, bucketOf, percentile, type Histogram } from "./histogram";

function exactPercentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)]!;
}

describe("latency histogram", () => {
  it("puts each value inside its bucket's bounds", () => {
    for (const ms of [0, 0.4, 1, 1.05, 2, 3.7, 10, 99.9, 250, 1234.5, 60_000, 2 ** 20, 5e6]) {
      const k = bucketOf(ms);
      const [lo, hi] = bucketBounds(k);
      expect(ms).toBeGreaterThanOrEqual(lo);
      if (hi > lo) expect(ms).toBeLessThan(hi);
    }
  });

  it("estimates percentiles within one bucket of the exact value", () => {
    const values = Array.from({ length: 5000 }, (_, i) => 5 + ((i * 7919) % 4000) * 0.37 + (i % 13) ** 2);
    const h: Histogram = new Map();
    for (const v of values) addToHistogram(h, bucketOf(v), 1);
    for (const p of [0.5, 0.95, 0.99]) {
      const exact = exactPercentile(values, p);
      expect(Math.abs(percentile(h, p)! - exact) / exact).toBeLessThan(0.091);
    }
  });

  it("is null when empty", () => {
    expect(percentile(new Map(), 0.5)).toBeNull();
  });
});
