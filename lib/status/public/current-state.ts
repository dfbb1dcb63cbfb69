import "server-only";
import { rawQuery } from "../../db";
import { checkDatabase } from "./health";
import { deriveComponentState, healthSignalState, PROVIDER_WINDOW_MS, providerSignalState, type StateSource } from "./state";
import { COMPONENT_STATES, type ComponentKind, type ComponentState } from "../types";

/**
 * Every component's state right now, from the operator's override, unresolved
 * incidents, active maintenance windows and the automatic signals (see state.ts).
 * Used by the monitor (one sample per slot) and by the public status snapshot.
 */
export type ComponentWithState = {
  id: string;
  key: string;
  name: string;
  description: string;
  kind: ComponentKind;
  provider: string | null;
  position: number;
  hidden: boolean;
  state: ComponentState;
  source: StateSource;
  /**
   * Whether the state rests on anything: always for the console and the API (their health
   * check), for a provider only with requests in the signal window or a state an operator,
   * incident or maintenance window set. A provider nobody sends requests to has no data:
   * the monitor writes no sample for it, so its uptime is "no data", never 100 %.
   */
  hasData: boolean;
};

type ComponentRow = {
  id: string;
  key: string;
  name: string;
  description: string;
  kind: string;
  provider: string | null;
  position: number;
  hidden: boolean;
  overrideState: string | null;
};

const isState = (s: string | null | undefined): s is ComponentState =>
  typeof s === "string" && (COMPONENT_STATES as readonly string[]).includes(s);

/** Requests and upstream errors per provider over the signal window, all instances summed. */
export async function providerTotals(now: Date): Promise<Map<string, { requests: number; errors: number }>> {
  const rows = await rawQuery<{ provider: string; requests: number; errors: number }>(
    `SELECT provider, sum(requests)::int AS requests, sum(upstream_errors)::int AS errors
       FROM provider_health WHERE minute >= $1 GROUP BY provider`,
    [new Date(now.getTime() - PROVIDER_WINDOW_MS)],
  );
  return new Map(rows.map((r) => [r.provider, { requests: r.requests, errors: r.errors }]));
}

/**
 * `consoleOk`: whether the console answered its own health check (the production server
 * probes its console worker); when not given, the console counts as up if the database is.
 */
export async function currentComponentStates(opts: { now?: Date; databaseOk?: boolean; consoleOk?: boolean } = {}): Promise<ComponentWithState[]> {
  const now = opts.now ?? new Date();
  const [components, incidentLinks, maintenanceLinks, totals, databaseOk] = await Promise.all([
    rawQuery<ComponentRow>(
      `SELECT id, key, name, description, kind, provider, position, hidden, override_state AS "overrideState"
         FROM status_components ORDER BY position, name`,
    ),
    rawQuery<{ componentId: string; state: string }>(
      `SELECT ic.component_id AS "componentId", ic.state
         FROM status_incident_components ic JOIN status_incidents i ON i.id = ic.incident_id
        WHERE i.status <> 'resolved'`,
    ),
    rawQuery<{ componentId: string }>(
      `SELECT mc.component_id AS "componentId"
         FROM status_maintenance_components mc JOIN status_maintenances m ON m.id = mc.maintenance_id
        WHERE m.cancelled_at IS NULL AND m.starts_at <= $1 AND m.ends_at > $1`,
      [now],
    ),
    providerTotals(now),
    opts.databaseOk ?? checkDatabase(),
  ]);

  const incidentStates = new Map<string, ComponentState[]>();
  for (const l of incidentLinks) {
    if (!isState(l.state)) continue;
    const list = incidentStates.get(l.componentId) ?? [];
    list.push(l.state);
    incidentStates.set(l.componentId, list);
  }
  const inMaintenance = new Set(maintenanceLinks.map((l) => l.componentId));

  return components.map((c) => {
    const kind = c.kind as ComponentKind;
    const t = c.provider ? totals.get(c.provider) : undefined;
    const automatic =
      kind === "provider"
        ? providerSignalState(t?.requests ?? 0, t?.errors ?? 0)
        : healthSignalState(databaseOk && (kind !== "console" || opts.consoleOk !== false));
    const derived = deriveComponentState({
      override: isState(c.overrideState) ? c.overrideState : null,
      incidentStates: incidentStates.get(c.id) ?? [],
      inMaintenance: inMaintenance.has(c.id),
      automatic,
    });
    const { state, source } = derived;
    const hasData = kind !== "provider" || (t?.requests ?? 0) > 0 || source !== "signal";
    return {
      id: c.id,
      key: c.key,
      name: c.name,
      description: c.description,
      kind,
      provider: c.provider,
      position: c.position,
      hidden: c.hidden,
      state,
      source,
      hasData,
    };
  });
}
