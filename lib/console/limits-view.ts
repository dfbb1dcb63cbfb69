import "server-only";
import type { LimitsValues } from "@/components/console/limits-form";
import type { Limits } from "../limits/policy";

/** Limits as the form's text values. */
export function limitsValues(limits: Limits): LimitsValues {
  const text = (v: number | undefined) => (v === undefined ? "" : String(v));
  return {
    spendUsdPerDay: text(limits.spendUsdPerDay),
    spendUsdPerMonth: text(limits.spendUsdPerMonth),
    tokensPerDay: text(limits.tokensPerDay),
    tokensPerMonth: text(limits.tokensPerMonth),
    requestsPerMinute: text(limits.requestsPerMinute),
    tokensPerMinute: text(limits.tokensPerMinute),
    allowedModels: (limits.allowedModels ?? []).join("\n"),
  };
}

const METRIC_LABELS: Record<string, string> = {
  rpm: "Requests this minute",
  tpm: "Tokens this minute",
  tokens_day: "Tokens today (UTC)",
  tokens_month: "Tokens this month (UTC)",
  spend_day: "Spend today (UTC)",
  spend_month: "Spend this month (UTC)",
};

/** One row of "what the current window used": a label and "used of cap" in the limit's unit. */
export function limitUseRow(u: { metric: string; used: number; cap: number }): { label: string; value: string } {
  const spend = u.metric.startsWith("spend");
  const fmt = (n: number) => (spend ? `USD ${(n / 1_000_000).toFixed(2)}` : n.toLocaleString("en-US"));
  return { label: METRIC_LABELS[u.metric] ?? u.metric, value: `${fmt(Math.min(u.used, u.cap))} of ${fmt(u.cap)}` };
}

/** A one-line summary for tables ("None" without limits). */
export function limitsSummary(limits: Limits | undefined): string {
  if (!limits) return "None";
  const parts: string[] = [];
  if (limits.spendUsdPerDay !== undefined) parts.push(`USD ${limits.spendUsdPerDay}/day`);
  if (limits.spendUsdPerMonth !== undefined) parts.push(`USD ${limits.spendUsdPerMonth}/month`);
  if (limits.tokensPerDay !== undefined) parts.push(`${limits.tokensPerDay.toLocaleString("en-US")} tokens/day`);
  if (limits.tokensPerMonth !== undefined) parts.push(`${limits.tokensPerMonth.toLocaleString("en-US")} tokens/month`);
  if (limits.requestsPerMinute !== undefined) parts.push(`${limits.requestsPerMinute} req/min`);
  if (limits.tokensPerMinute !== undefined) parts.push(`${limits.tokensPerMinute.toLocaleString("en-US")} tokens/min`);
  if (limits.allowedModels?.length) parts.push(`${limits.allowedModels.length} model${limits.allowedModels.length === 1 ? "" : "s"}`);
  return parts.length ? parts.join(" · ") : "None";
}
