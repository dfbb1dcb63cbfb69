/** Number formatting for the usage pages (en-GB like the rest of the console; times in UTC). */
const compact = new Intl.NumberFormat("en-GB", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en-GB");

export function formatCount(n: number): string {
  return n >= 100_000 ? compact.format(n) : whole.format(Math.round(n));
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "–";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms >= 100 ? Math.round(ms) : ms.toFixed(1)} ms`;
}

export function formatUsd(usd: number | null): string {
  if (usd === null) return "–";
  if (usd === 0) return "$0.00";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatPercent(fraction: number | null, digits = 1): string {
  return fraction === null ? "–" : `${(fraction * 100).toFixed(digits)}%`;
}

/** "+12%" / "−3%" for a relative change; for a rate (error rate) the change is in points. */
export function formatChange(change: number | null, kind: "relative" | "points" = "relative"): string | null {
  if (change === null || !Number.isFinite(change)) return null;
  const v = change * 100;
  const sign = v > 0.05 ? "+" : v < -0.05 ? "−" : "±";
  const abs = Math.abs(v);
  return kind === "points" ? `${sign}${abs.toFixed(1)} pt` : `${sign}${abs >= 10 ? abs.toFixed(0) : abs.toFixed(1)}%`;
}

const hourLabel = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit" });
const dayLabel = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" });

export function bucketLabel(t: number, bucket: "hour" | "day"): string {
  return bucket === "hour" ? hourLabel.format(new Date(t)) : dayLabel.format(new Date(t));
}

export const RANGE_LABELS = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days" } as const;
