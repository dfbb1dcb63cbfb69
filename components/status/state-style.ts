import type { BadgeTone } from "@/components/ui";
import type { ComponentState, IncidentImpact, IncidentStatus } from "@/lib/status/types";

/**
 * How states look. Colour is never the only cue: every state has its words, and the
 * uptime bars also differ in height (the worse the day, the shorter the bar).
 */
export const STATE_TONE: Record<ComponentState, BadgeTone> = {
  operational: "success",
  under_maintenance: "info",
  degraded_performance: "warning",
  partial_outage: "warning",
  major_outage: "danger",
};

/** Fill of an uptime bar (decorative: the text alternative carries the meaning). */
export const BAR_FILL: Record<ComponentState | "none", string> = {
  operational: "bg-emerald-500 dark:bg-emerald-400",
  under_maintenance: "bg-sky-500 dark:bg-sky-400",
  degraded_performance: "bg-amber-400 dark:bg-amber-300",
  partial_outage: "bg-orange-500 dark:bg-orange-400",
  major_outage: "bg-red-600 dark:bg-red-500",
  none: "bg-slate-200 dark:bg-slate-700",
};

export const BAR_HEIGHT: Record<ComponentState | "none", string> = {
  operational: "h-full",
  under_maintenance: "h-full",
  degraded_performance: "h-4/5",
  partial_outage: "h-3/5",
  major_outage: "h-2/5",
  none: "h-full",
};

export const INCIDENT_STATUS_LABEL: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export const INCIDENT_STATUS_TONE: Record<IncidentStatus, BadgeTone> = {
  investigating: "danger",
  identified: "warning",
  monitoring: "info",
  resolved: "success",
};

export const IMPACT_LABEL: Record<IncidentImpact, string> = {
  none: "No impact",
  minor: "Minor impact",
  major: "Major impact",
  critical: "Critical impact",
};

export const IMPACT_TONE: Record<IncidentImpact, BadgeTone> = {
  none: "neutral",
  minor: "warning",
  major: "danger",
  critical: "danger",
};
