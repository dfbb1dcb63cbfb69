import { EmptyState } from "@/components/ui";
import { limitsSummary, limitUseRow } from "@/lib/console/limits-view";
import type { Limits } from "@/lib/limits/policy";

/** What the current windows have used of each limit, and (read-only) the limits themselves. */
export function LimitsUse({ use, limits, showLimits }: { use: { metric: string; used: number; cap: number; resetsAt: string }[]; limits: Limits; showLimits: boolean }) {
  if (use.length === 0 && !limits.allowedModels?.length) {
    return <EmptyState as="h3" title="No limits" description="Requests are limited only by the providers' own limits." />;
  }
  return (
    <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
      {showLimits ? (
        <div className="sm:col-span-2">
          <dt className="text-sm text-slate-600 dark:text-slate-400">Limits</dt>
          <dd className="font-medium text-slate-900 dark:text-white">{limitsSummary(limits)}</dd>
        </div>
      ) : null}
      {use.map((u) => {
        const row = limitUseRow(u);
        return (
          <div key={u.metric}>
            <dt className="text-sm text-slate-600 dark:text-slate-400">{row.label}</dt>
            <dd className="font-medium text-slate-900 tabular-nums dark:text-white">{row.value}</dd>
          </div>
        );
      })}
      {limits.allowedModels?.length ? (
        <div className="sm:col-span-2">
          <dt className="text-sm text-slate-600 dark:text-slate-400">Allowed models</dt>
          <dd className="font-mono text-sm break-all text-slate-900 dark:text-white">{limits.allowedModels.join(", ")}</dd>
        </div>
      ) : null}
    </dl>
  );
}
