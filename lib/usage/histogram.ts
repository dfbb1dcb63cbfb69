/**
 * Latency histograms, defined exactly like the SQL function usage_latency_bucket():
 * 162 log-scale buckets, 8 per doubling (each about 9% wide), numbered from 1 like
 * Postgres arrays. Bucket 1 holds values under 1 ms; bucket k holds
 * [2^((k-2)/8), 2^((k-1)/8)) ms; bucket 162 holds 2^20 ms (17.5 minutes) and more.
 * Percentiles read from it are within one bucket (< 9.1%) of the exact value.
 */
import "server-only";

export const HIST_BUCKETS = 162;
const PER_DOUBLING = 8;

export function bucketOf(ms: number): number {
  if (ms < 1) return 1;
  return Math.min(HIST_BUCKETS, 2 + Math.floor((Math.log(ms) / Math.LN2) * PER_DOUBLING));
}

export function bucketBounds(k: number): [number, number] {
  if (k <= 1) return [0, 1];
  const lo = 2 ** ((k - 2) / PER_DOUBLING);
  return k >= HIST_BUCKETS ? [lo, lo] : [lo, 2 ** ((k - 1) / PER_DOUBLING)];
}

/** Sparse histogram: bucket number -> count. */
export type Histogram = Map<number, number>;

export function addToHistogram(h: Histogram, bucket: number, n: number): void {
  if (n > 0) h.set(bucket, (h.get(bucket) ?? 0) + n);
}

export function mergeHistograms(into: Histogram, from: Histogram): Histogram {
  for (const [k, n] of from) addToHistogram(into, k, n);
  return into;
}

/**
 * The p-th quantile (0..1), interpolated inside its bucket on the log scale (linearly in
 * the first bucket). Null for an empty histogram.
 */
export function percentile(h: Histogram, p: number): number | null {
  let total = 0;
  for (const n of h.values()) total += n;
  if (total === 0) return null;
  const rank = Math.min(Math.max(p, 0), 1) * total;
  let seen = 0;
  for (const k of [...h.keys()].sort((a, b) => a - b)) {
    const n = h.get(k)!;
    if (seen + n >= rank) {
      const frac = n === 0 ? 0 : Math.min(1, Math.max(0, (rank - seen) / n));
      const [lo, hi] = bucketBounds(k);
      if (k <= 1) return lo + (hi - lo) * frac;
      return lo * (hi / lo) ** frac;
    }
    seen += n;
  }
  return bucketBounds(HIST_BUCKETS)[0];
}
