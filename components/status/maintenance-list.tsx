import { Badge, Timestamp } from "@/components/ui";
import type { PublicMaintenance } from "@/lib/status/public";

/** Maintenance windows, in progress first, then upcoming by start time. */
export function MaintenanceList({ active, upcoming }: { active: PublicMaintenance[]; upcoming: PublicMaintenance[] }) {
  const items = [...active.map((m) => ({ m, now: true })), ...upcoming.map((m) => ({ m, now: false }))];
  return (
    <ul className="space-y-3">
      {items.map(({ m, now }) => (
        <li key={m.id}>
          <article
            aria-labelledby={`maintenance-${m.id}`}
            className="rounded-lg border border-slate-200 bg-white px-4 py-4 sm:px-5 dark:border-slate-800 dark:bg-slate-900"
          >
            <div className="flex flex-wrap items-start justify-between gap-2">
              <h3 id={`maintenance-${m.id}`} className="min-w-0 font-semibold break-words text-slate-900 dark:text-white">
                {m.title}
              </h3>
              <Badge tone={now ? "info" : "neutral"}>{now ? "In progress" : "Scheduled"}</Badge>
            </div>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              <Timestamp at={m.starts_at} /> to <Timestamp at={m.ends_at} />
            </p>
            {m.description ? (
              <p className="mt-2 text-sm whitespace-pre-line break-words text-slate-700 dark:text-slate-300">{m.description}</p>
            ) : null}
            {m.components.length ? (
              <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
                <span className="font-medium text-slate-900 dark:text-white">Affects: </span>
                {m.components.map((c) => c.name).join(", ")}
              </p>
            ) : null}
          </article>
        </li>
      ))}
    </ul>
  );
}
