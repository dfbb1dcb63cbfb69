import "server-only";
import { STATE_LABELS, worstState, type ComponentState } from "../types";

/**
 * How a component's current state is decided. Pure rules; ./current-state.ts
 * gathers the inputs from the database.
 *
 * 1. An operator's override (status_components.override_state) wins outright, in both
 *    directions: it can declare an outage no signal sees, and it can say "operational"
 *    after a false alarm. It stays until the operator clears it.
 * 2. Otherwise the worst of: the states that unresolved incidents (public or private) put
 *    on the component, "under maintenance" during an active maintenance window, and the
 *    automatic signal. During maintenance the automatic signal is ignored: the work is
 *    expected to disturb it, and an incident still shows a real outage.
 */
export type StateInputs = {
  override: ComponentState | null;
  incidentStates: readonly ComponentState[];
  inMaintenance: boolean;
  automatic: ComponentState;
};

export type StateSource = "override" | "incident" | "maintenance" | "signal";

export function deriveComponentState(i: StateInputs): { state: ComponentState; source: StateSource } {
  if (i.override) return { state: i.override, source: "override" };
  const incident = worstState(i.incidentStates);
  const automatic = i.inMaintenance ? "operational" : i.automatic;
  const maintenance: ComponentState = i.inMaintenance ? "under_maintenance" : "operational";
  const state = worstState([incident, maintenance, automatic]);
  if (state === "operational") return { state, source: "signal" };
  if (i.incidentStates.includes(state)) return { state, source: "incident" };
  if (state === "under_maintenance") return { state, source: "maintenance" };
  return { state, source: "signal" };
}

/**
 * Provider error-rate thresholds over the last PROVIDER_WINDOW_MS, summed over every
 * instance and tenant. Below MIN_REQUESTS requests or MIN_ERRORS failures there is too
 * little traffic to judge, so the provider stays operational: one failed call in a quiet
 * minute must not paint a provider red.
 */
export const PROVIDER_WINDOW_MS = 10 * 60_000;
export const PROVIDER_MIN_REQUESTS = 20;
export const PROVIDER_MIN_ERRORS = 3;
export const PROVIDER_THRESHOLDS: readonly { rate: number; state: ComponentState }[] = [
  { rate: 0.9, state: "major_outage" },
  { rate: 0.25, state: "partial_outage" },
  { rate: 0.05, state: "degraded_performance" },
];

export function providerSignalState(requests: number, upstreamErrors: number): ComponentState {
  if (requests < PROVIDER_MIN_REQUESTS || upstreamErrors < PROVIDER_MIN_ERRORS) return "operational";
  const rate = upstreamErrors / requests;
  for (const t of PROVIDER_THRESHOLDS) if (rate >= t.rate) return t.state;
  return "operational";
}

/** The console and the API are up exactly when their database answers. */
export function healthSignalState(databaseOk: boolean): ComponentState {
  return databaseOk ? "operational" : "major_outage";
}

const INDICATOR_TEXT: Record<ComponentState, string> = {
  operational: "All systems operational",
  under_maintenance: "Maintenance in progress",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
};

/** The page's overall line: the worst state of the shown components. */
export function overallIndicator(states: Iterable<ComponentState>): { indicator: ComponentState; description: string } {
  const indicator = worstState(states);
  return { indicator, description: INDICATOR_TEXT[indicator] };
}

export function stateLabel(state: ComponentState): string {
  return STATE_LABELS[state];
}
