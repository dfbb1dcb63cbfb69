import { cn } from "@/components/ui";
import type { PublicComponent } from "@/lib/status/public";
import { STATE_LABELS } from "@/lib/status/types";
import { BAR_FILL, BAR_HEIGHT } from "./state-style";

const dayLabel = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });

/** "29 Nov 2026: 99.95% uptime" / "…: no data" / "…: maintenance only". */
export function barText(bar: PublicComponent["daily"][number]): string {
  const day = dayLabel.format(new Date(`${bar.date}T00:00:00Z`));
  if (bar.state === null) return `${day}: no data`;
  if (bar.uptime === null) return `${day}: ${STATE_LABELS[bar.state].toLowerCase()} all day`;
  const worst = bar.state === "operational" ? "" : `, worst: ${STATE_LABELS[bar.state].toLowerCase()}`;
  return `${day}: ${bar.uptime >= 100 ? "100" : (Math.floor(bar.uptime * 100) / 100).toFixed(2)}% uptime${worst}`;
}

/**
 * One bar per UTC day, oldest first; phones show the last 30. Each bar carries its date
 * and uptime as text (a tooltip for the pointer, hidden text for screen readers), and
 * worse days are also shorter, so colour is not the only cue.
 */
export function UptimeBars({ component }: { component: PublicComponent }) {
  const bars = component.daily;
  return (
    <div>
      <ol aria-label={`${component.name}: daily uptime, last ${bars.length} days`} className="flex h-9 items-end gap-px sm:gap-0.5">
        {bars.map((bar, i) => {
          const key = bar.state ?? "none";
          const text = barText(bar);
          return (
            <li
              key={bar.date}
              title={text}
              className={cn("flex h-full min-w-0 flex-1 items-end", i < bars.length - 30 && "hidden sm:flex")}
            >
              <span aria-hidden="true" className={cn("block w-full rounded-sm", BAR_FILL[key], BAR_HEIGHT[key])} />
              <span className="sr-only">{text}</span>
            </li>
          );
        })}
      </ol>
      <div aria-hidden="true" className="mt-1 flex justify-between text-xs text-slate-600 dark:text-slate-400">
        <span className="sm:hidden">30 days ago</span>
        <span className="hidden sm:inline">{bars.length} days ago</span>
        <span>Today</span>
      </div>
    </div>
  );
}

/** What the bars mean, once per page. */
export function UptimeLegend() {
  const items = [
    { key: "operational", label: "Operational" },
    { key: "degraded_performance", label: "Degraded" },
    { key: "partial_outage", label: "Partial outage" },
    { key: "major_outage", label: "Major outage" },
    { key: "under_maintenance", label: "Maintenance" },
    { key: "none", label: "No data" },
  ] as const;
  return (
    <ul aria-label="Uptime bar legend" className="flex flex-wrap gap-x-4 gap-y-2 text-xs text-slate-600 dark:text-slate-400">
      {items.map((it) => (
        <li key={it.key} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="flex h-3.5 w-2 items-end">
            <span className={cn("block w-full rounded-sm", BAR_FILL[it.key], BAR_HEIGHT[it.key])} />
          </span>
          {it.label}
        </li>
      ))}
    </ul>
  );
}
