import { Badge, Timestamp } from "@/components/ui";
import type { PublicIncident } from "@/lib/status/public";
import { IMPACT_LABEL, IMPACT_TONE, INCIDENT_STATUS_LABEL, INCIDENT_STATUS_TONE } from "./state-style";
import { StateBadge } from "./state-badge";

/**
 * An incident with its timeline. Updates are listed newest first (the latest word on top),
 * on the page as in /status.json.
 */
export function IncidentCard({ incident, collapsed = false }: { incident: PublicIncident; collapsed?: boolean }) {
  const titleId = `incident-${incident.id}`;
  return (
    <article
      aria-labelledby={titleId}
      className="rounded-lg border border-slate-200 bg-white px-4 py-4 sm:px-5 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 id={titleId} className="min-w-0 font-semibold break-words text-slate-900 dark:text-white">
          {incident.title}
        </h3>
        <div className="flex flex-wrap gap-2">
          <Badge tone={INCIDENT_STATUS_TONE[incident.status]}>{INCIDENT_STATUS_LABEL[incident.status]}</Badge>
          <Badge tone={IMPACT_TONE[incident.impact]}>{IMPACT_LABEL[incident.impact]}</Badge>
        </div>
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Started <Timestamp at={incident.started_at} />
        {incident.resolved_at ? (
          <>
            {" · "}resolved <Timestamp at={incident.resolved_at} />
          </>
        ) : null}
      </p>
      {incident.components.length ? (
        <div className="mt-3">
          <p className="text-sm font-medium text-slate-900 dark:text-white">Affected</p>
          <ul className="mt-1 flex flex-wrap gap-2 text-sm">
            {incident.components.map((c) => (
              <li key={c.key} className="flex items-center gap-1.5 text-slate-700 dark:text-slate-300">
                {c.name}
                <StateBadge state={c.state} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {incident.updates.length && collapsed ? (
        <details className="mt-3">
          <summary className="inline-flex rounded-sm text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800 dark:text-brand-300 dark:hover:text-brand-200">
            {incident.updates.length === 1 ? "Show the update" : `Show ${incident.updates.length} updates`}
          </summary>
          <Timeline updates={incident.updates} />
        </details>
      ) : incident.updates.length ? (
        <Timeline updates={incident.updates} />
      ) : null}
    </article>
  );
}

function Timeline({ updates }: { updates: PublicIncident["updates"] }) {
  return (
    <ol aria-label="Updates, newest first" className="mt-4 space-y-4 border-l-2 border-slate-200 pl-4 dark:border-slate-700">
      {updates.map((u, i) => (
        <li key={`${u.created_at}-${i}`} className="relative" data-update-status={u.status}>
          <span
            aria-hidden="true"
            className="absolute top-1.5 -left-[1.4rem] size-2.5 rounded-full border-2 border-white bg-slate-400 dark:border-slate-900 dark:bg-slate-500"
          />
          <p className="text-sm">
            <strong className="font-semibold text-slate-900 dark:text-white">{INCIDENT_STATUS_LABEL[u.status]}</strong>
            <span className="text-slate-600 dark:text-slate-400">
              {" · "}
              <Timestamp at={u.created_at} />
            </span>
          </p>
          <p className="mt-1 text-sm whitespace-pre-line break-words text-slate-700 dark:text-slate-300">{u.body}</p>
        </li>
      ))}
    </ol>
  );
}
