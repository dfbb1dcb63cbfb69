import { Alert, EmptyState } from "@/components/ui";
import { LatencyChart, RequestsChart, SpendChart, TokensChart } from "@/components/console/usage-charts";
import { UsageStatCards } from "@/components/console/usage-stat-cards";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { RANGE_LABELS } from "@/lib/console/usage-format";
import type { UsageFilters } from "@/lib/usage";
import { BreakdownTable } from "./breakdown-table";

const VERSUS = { "24h": "vs the 24 hours before", "7d": "vs the 7 days before", "30d": "vs the 30 days before" } as const;

export async function DashboardSection({ slug, filters }: { slug: string; filters: UsageFilters }) {
  const result = await runWorkspaceAction("usage.dashboard", await getCurrentUser(), slug, filters);
  if (!result.ok) return <Alert variant="error">{result.error.message}</Alert>;
  const d = result.data;
  const filtered = Boolean(filters.model || filters.apiKeyId || filters.status);

  if (d.current.requests === 0) {
    return (
      <EmptyState
        title={filtered ? "No requests match these filters" : `No requests in the ${RANGE_LABELS[d.range].toLowerCase()}`}
        description={
          filtered
            ? "Try a longer range or clear a filter."
            : "Send a request through the gateway with one of this workspace's API keys; it shows up here within a few seconds."
        }
      />
    );
  }

  return (
    <>
      <section aria-labelledby="usage-summary" className="space-y-3">
        <h2 id="usage-summary" className="text-lg font-semibold text-slate-900 dark:text-white">
          {RANGE_LABELS[d.range]}
        </h2>
        <UsageStatCards stats={d} versus={VERSUS[d.range]} />
        {d.unpricedModels.length ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No price is set for {d.unpricedModels.join(", ")}: their requests are not in the spend. The operator can add prices
            with AURIKO_PRICES_FILE.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="usage-over-time" className="space-y-3">
        <h2 id="usage-over-time" className="text-lg font-semibold text-slate-900 dark:text-white">
          Over time <span className="text-sm font-normal text-slate-600 dark:text-slate-400">(by {d.bucket}, UTC)</span>
        </h2>
        <div className="grid gap-4 lg:grid-cols-2">
          <RequestsChart data={d.series} bucket={d.bucket} />
          <TokensChart data={d.series} bucket={d.bucket} />
          <LatencyChart data={d.series} bucket={d.bucket} />
          <SpendChart data={d.series} bucket={d.bucket} />
        </div>
      </section>

      <section aria-labelledby="usage-breakdown" className="space-y-4">
        <h2 id="usage-breakdown" className="text-lg font-semibold text-slate-900 dark:text-white">
          Breakdown and spend
        </h2>
        <BreakdownTable title="By model" column="Model" rows={d.byModel} mono />
        <BreakdownTable title="By API key" column="API key" rows={d.byKey} />
        <BreakdownTable title="By provider" column="Provider" rows={d.byProvider} />
      </section>
    </>
  );
}
