import type { ComponentState, IncidentImpact, IncidentStatus } from "../types";

/** Words for the operator area; the public page has its own. */
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export const IMPACT_LABELS: Record<IncidentImpact, string> = { none: "None", minor: "Minor", major: "Major", critical: "Critical" };

export const INCIDENT_STATE_OPTIONS: { value: Exclude<ComponentState, "operational" | "under_maintenance">; label: string }[] = [
  { value: "degraded_performance", label: "Degraded performance" },
  { value: "partial_outage", label: "Partial outage" },
  { value: "major_outage", label: "Major outage" },
];

/** "2 d 5 h left", "40 min left", "overdue by 3 h". */
export function timeLeft(deadline: Date, now = Date.now()): string {
  const ms = deadline.getTime() - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${Math.max(minutes, 1)} min`;
  return ms > 0 ? `${span} left` : `overdue by ${span}`;
}

/** A datetime-local value ("2026-12-01T10:00") read as UTC, the console's time zone. */
export function utcFromLocalInput(value: string): string {
  if (!value) return "";
  return /[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}${value.length === 16 ? ":00" : ""}Z`;
}
