import "server-only";
import { z } from "zod";

/**
 * What a workspace or one API key may use. Every field is optional: absent means no limit
 * of that kind. Spend is in USD (from the price table, lib/usage/prices); the database
 * keeps it in millionths of a dollar so that every counter is a whole number.
 */
export type Limits = {
  spendUsdPerDay?: number;
  spendUsdPerMonth?: number;
  tokensPerDay?: number;
  tokensPerMonth?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** `provider/model` ids, or `provider/*` for all of a provider's models; absent or empty: every model. */
  allowedModels?: string[];
};

export const MAX_ALLOWED_MODELS = 100;
const MODEL_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}\/(\*|[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199})$/;

const usd = z.number().finite().min(0).max(1_000_000_000);
const count = z.number().int().min(0).max(1_000_000_000_000);
const perMinute = z.number().int().min(0).max(2_000_000_000);

export const limitsSchema = z.strictObject({
  spendUsdPerDay: usd.optional(),
  spendUsdPerMonth: usd.optional(),
  tokensPerDay: count.optional(),
  tokensPerMonth: count.optional(),
  requestsPerMinute: perMinute.optional(),
  tokensPerMinute: perMinute.optional(),
  allowedModels: z
    .array(z.string().regex(MODEL_PATTERN, "use provider/model or provider/*"))
    .max(MAX_ALLOWED_MODELS)
    .optional(),
});

/** The counted kinds of limit, each with its window and unit. */
export const METRICS = ["rpm", "tpm", "tokens_day", "tokens_month", "spend_day", "spend_month"] as const;
export type Metric = (typeof METRICS)[number];
export type Unit = "requests" | "tokens" | "micro_usd";

export const METRIC_INFO: Record<Metric, { unit: Unit; window: "minute" | "day" | "month"; field: keyof Limits }> = {
  rpm: { unit: "requests", window: "minute", field: "requestsPerMinute" },
  tpm: { unit: "tokens", window: "minute", field: "tokensPerMinute" },
  tokens_day: { unit: "tokens", window: "day", field: "tokensPerDay" },
  tokens_month: { unit: "tokens", window: "month", field: "tokensPerMonth" },
  spend_day: { unit: "micro_usd", window: "day", field: "spendUsdPerDay" },
  spend_month: { unit: "micro_usd", window: "month", field: "spendUsdPerMonth" },
};

/** A limit's cap in its counter's unit (micro-USD for spend), or undefined when unset. */
export function capOf(limits: Limits, metric: Metric): number | undefined {
  const value = limits[METRIC_INFO[metric].field] as number | undefined;
  if (value === undefined) return undefined;
  return METRIC_INFO[metric].unit === "micro_usd" ? Math.round(value * 1_000_000) : value;
}

/** The window a moment falls in (UTC minute, day or calendar month): its start and end, in ms. */
export function windowOf(metric: Metric, now: number): { start: number; end: number } {
  const w = METRIC_INFO[metric].window;
  if (w === "minute") {
    const start = now - (now % 60_000);
    return { start, end: start + 60_000 };
  }
  const d = new Date(now);
  if (w === "day") {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return { start, end: start + 86_400_000 };
  }
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

/** True when `model` (as the client named it, `provider/model`) is on the list, or there is no list. */
export function modelAllowed(allowed: readonly string[] | undefined, model: string): boolean {
  if (allowed === undefined || allowed.length === 0) return true;
  const slash = model.indexOf("/");
  const providerWildcard = slash > 0 ? `${model.slice(0, slash)}/*` : null;
  return allowed.some((entry) => entry === model || entry === providerWildcard);
}

/** Whether any limit is set at all (a key or workspace without any costs the proxy nothing). */
export function hasLimits(limits: Limits): boolean {
  return METRICS.some((m) => capOf(limits, m) !== undefined) || limits.allowedModels !== undefined;
}

/** A usage_limits row (as the raw pool or Prisma returns it) as Limits. */
export type LimitsRow = {
  spend_day_micros: string | number | bigint | null;
  spend_month_micros: string | number | bigint | null;
  tokens_day: string | number | bigint | null;
  tokens_month: string | number | bigint | null;
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  allowed_models: string[];
};

export function limitsFromRow(row: LimitsRow): Limits {
  const out: Limits = {};
  const num = (v: string | number | bigint | null) => (v === null ? undefined : Number(v));
  const spendDay = num(row.spend_day_micros);
  const spendMonth = num(row.spend_month_micros);
  if (spendDay !== undefined) out.spendUsdPerDay = spendDay / 1_000_000;
  if (spendMonth !== undefined) out.spendUsdPerMonth = spendMonth / 1_000_000;
  const tokensDay = num(row.tokens_day);
  const tokensMonth = num(row.tokens_month);
  if (tokensDay !== undefined) out.tokensPerDay = tokensDay;
  if (tokensMonth !== undefined) out.tokensPerMonth = tokensMonth;
  if (row.requests_per_minute !== null) out.requestsPerMinute = row.requests_per_minute;
  if (row.tokens_per_minute !== null) out.tokensPerMinute = row.tokens_per_minute;
  if (row.allowed_models.length > 0) out.allowedModels = row.allowed_models;
  return out;
}

/** Limits as the row's columns (micro-USD as whole numbers). */
export function limitsToColumns(limits: Limits) {
  const micros = (usdValue: number | undefined) => (usdValue === undefined ? null : BigInt(Math.round(usdValue * 1_000_000)));
  const big = (v: number | undefined) => (v === undefined ? null : BigInt(v));
  return {
    spendDayMicros: micros(limits.spendUsdPerDay),
    spendMonthMicros: micros(limits.spendUsdPerMonth),
    tokensDay: big(limits.tokensPerDay),
    tokensMonth: big(limits.tokensPerMonth),
    requestsPerMinute: limits.requestsPerMinute ?? null,
    tokensPerMinute: limits.tokensPerMinute ?? null,
  };
}
