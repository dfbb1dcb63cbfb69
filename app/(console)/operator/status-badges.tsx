import { Badge, type BadgeTone } from "@/components/ui";
import { lookup } from "@/lib/console/format";
import { IMPACT_LABELS, INCIDENT_STATUS_LABELS, timeLeft } from "@/lib/status/operator";
import { deadlineState } from "@/lib/status/security";
import type { IncidentImpact, IncidentStatus } from "@/lib/status/types";

const statusTone: Record<IncidentStatus, BadgeTone> = { investigating: "danger", identified: "warning", monitoring: "info", resolved: "success" };
const impactTone: Record<IncidentImpact, BadgeTone> = { none: "neutral", minor: "warning", major: "danger", critical: "danger" };

export function IncidentStatusBadge({ status }: { status: string }) {
  return <Badge tone={lookup(statusTone, status) ?? "neutral"}>{lookup(INCIDENT_STATUS_LABELS, status) ?? status}</Badge>;
}

export function ImpactBadge({ impact }: { impact: string }) {
  return <Badge tone={lookup(impactTone, impact) ?? "neutral"}>{`${lookup(IMPACT_LABELS, impact) ?? impact} impact`}</Badge>;
}

/** The notification deadline and time left, in words and colour: red when overdue, amber within 24 hours. */
export function DeadlineBadge({ deadline }: { deadline: Date }) {
  const state = deadlineState(deadline);
  const tone: BadgeTone = state === "overdue" ? "danger" : state === "due_soon" ? "warning" : "neutral";
  const prefix = state === "overdue" ? "Overdue: " : state === "due_soon" ? "Due soon: " : "";
  return <Badge tone={tone}>{`${prefix}${timeLeft(deadline)}`}</Badge>;
}
