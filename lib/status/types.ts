/**
 * The vocabulary of the status page. The database stores these as text with CHECK
 * constraints (migration 20261129060000_status); this file is the TypeScript side.
 */

export const COMPONENT_STATES = [
  "operational",
  "degraded_performance",
  "partial_outage",
  "major_outage",
  "under_maintenance",
] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

/** Worse states sort higher; maintenance ranks below outages so a real outage still shows. */
export const STATE_SEVERITY: Record<ComponentState, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export const STATE_LABELS: Record<ComponentState, string> = {
  operational: "Operational",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Under maintenance",
};

export function worstState(states: Iterable<ComponentState>): ComponentState {
  let worst: ComponentState = "operational";
  for (const s of states) if (STATE_SEVERITY[s] > STATE_SEVERITY[worst]) worst = s;
  return worst;
}

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_IMPACTS = ["none", "minor", "major", "critical"] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

/** The states an incident can put a component in. */
export const INCIDENT_COMPONENT_STATES = ["degraded_performance", "partial_outage", "major_outage"] as const;
export type IncidentComponentState = (typeof INCIDENT_COMPONENT_STATES)[number];

export const COMPONENT_KINDS = ["console", "api", "provider"] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** Samples are taken per 5-minute slot; uptime bars cover 90 days. */
export const SAMPLE_SLOT_MS = 5 * 60_000;
export const UPTIME_DAYS = 90;

/** Security incidents: customers are told within 72 hours of confirmation. */
export const NOTIFY_WITHIN_MS = 72 * 60 * 60_000;
