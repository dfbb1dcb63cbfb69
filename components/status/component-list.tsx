import type { PublicComponent } from "@/lib/status/public";
import { percentText } from "./format";
import { StateBadge } from "./state-badge";
import { UptimeBars } from "./uptime-bars";

const WINDOWS = [
  { key: "24h", label: "24 hours" },
  { key: "7d", label: "7 days" },
  { key: "30d", label: "30 days" },
  { key: "90d", label: "90 days" },
] as const;

/** Each component: its state now, 90 daily uptime bars and the uptime over four windows. */
export function ComponentList({ components }: { components: PublicComponent[] }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {components.map((c) => (
        <li key={c.key} className="space-y-3 px-4 py-4 sm:px-5" data-component={c.key}>
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="min-w-0">
              <h3 className="font-semibold text-slate-900 dark:text-white">{c.name}</h3>
              {c.description ? <p className="text-sm text-slate-600 dark:text-slate-400">{c.description}</p> : null}
            </div>
            <StateBadge state={c.state} />
          </div>
          <UptimeBars component={c} />
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
            {WINDOWS.map((w) => (
              <div key={w.key} className="flex items-baseline justify-between gap-2 sm:block">
                <dt className="text-slate-600 dark:text-slate-400">Uptime, {w.label}</dt>
                <dd className="font-medium text-slate-900 tabular-nums dark:text-white">{percentText(c.uptime[w.key])}</dd>
              </div>
            ))}
          </dl>
        </li>
      ))}
    </ul>
  );
}
