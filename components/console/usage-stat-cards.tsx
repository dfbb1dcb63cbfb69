import type { PeriodStats } from "@/lib/usage";
import { formatChange, formatCount, formatMs, formatPercent, formatUsd } from "@/lib/console/usage-format";
import { cn } from "../ui/cn";

type Stat = { label: string; value: string; detail?: string; change: string | null; worseWhenUp?: boolean; up?: boolean };

function Change({ stat, versus }: { stat: Stat; versus: string }) {
  if (!stat.change) return <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">No earlier data to compare</p>;
  const bad = stat.worseWhenUp !== undefined && stat.up !== undefined && stat.up === stat.worseWhenUp && !stat.change.startsWith("±");
  return (
    <p className={cn("mt-1 text-xs", bad ? "text-amber-800 dark:text-amber-300" : "text-slate-600 dark:text-slate-400")}>
      <span className="font-medium">{stat.change}</span> {versus}
    </p>
  );
}

/**
 * The headline numbers of a period with their change against the period before. Counts
 * are compared per unit of time (the current period ends now, part-way through a day).
 */
export function UsageStatCards({ stats, versus, className }: { stats: PeriodStats; versus: string; className?: string }) {
  const { current: c, change: d } = stats;
  const list: Stat[] = [
    { label: "Requests", value: formatCount(c.requests), change: formatChange(d.requests) },
    {
      label: "Tokens",
      value: formatCount(c.promptTokens + c.completionTokens),
      detail: `${formatCount(c.promptTokens)} prompt · ${formatCount(c.completionTokens)} completion`,
      change: formatChange(d.promptTokens),
    },
    { label: "Error rate", value: formatPercent(c.errorRate), detail: `${formatCount(c.errors)} errors`, change: formatChange(d.errorRate, "points"), worseWhenUp: true, up: (d.errorRate ?? 0) > 0 },
    { label: "Latency p50 / p95", value: `${formatMs(c.latencyP50)} / ${formatMs(c.latencyP95)}`, change: formatChange(d.latencyP95), detail: "change is for p95", worseWhenUp: true, up: (d.latencyP95 ?? 0) > 0 },
    { label: "Time to first token p50 / p95", value: `${formatMs(c.ttfbP50)} / ${formatMs(c.ttfbP95)}`, detail: "streamed requests · change is for p95", change: formatChange(d.ttfbP95) },
    {
      label: "Estimated spend",
      value: formatUsd(c.costUsd),
      detail: c.unpricedRequests ? `${formatCount(c.unpricedRequests)} requests without a price` : "from the price table",
      change: formatChange(d.costUsd),
    },
  ];
  return (
    <dl className={cn("grid gap-4 sm:grid-cols-2 xl:grid-cols-3", className)}>
      {list.map((s) => (
        <div key={s.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <dt className="text-sm font-medium text-slate-600 dark:text-slate-400">{s.label}</dt>
          <dd className="mt-1">
            <span className="text-2xl font-semibold tracking-tight text-slate-900 tabular-nums dark:text-white">{s.value}</span>
            {s.detail ? <span className="block text-xs text-slate-600 dark:text-slate-400">{s.detail}</span> : null}
            <Change stat={s} versus={versus} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
