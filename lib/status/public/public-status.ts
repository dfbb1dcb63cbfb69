import "server-only";
import { db, Prisma } from "../../db";
import { ensureStatusComponents, statusProviders } from "./components";
import { currentComponentStates } from "./current-state";
import { loadUptime } from "./uptime-history";
import { overallIndicator, stateLabel } from "./state";
import { type ComponentKind, type ComponentState, type IncidentImpact, type IncidentStatus } from "../types";
import { uptimePercent } from "./uptime";

/**
 * What the public status page and GET /status.json show. Built only from platform tables
 * and with explicit field lists: private incidents, security-notice text, affected
 * workspaces and anything tenant-related are never selected, so they cannot leak by a
 * later change to the rendering. Incident updates are newest first, everywhere.
 */
export type PublicComponent = {
  key: string;
  name: string;
  description: string;
  kind: ComponentKind;
  state: ComponentState;
  state_label: string;
  /** Uptime percent per window (null = no data). */
  uptime: { "24h": number | null; "7d": number | null; "30d": number | null; "90d": number | null };
  /** 90 UTC days, oldest first. uptime null = no data; state = the worst state sampled that day. */
  daily: { date: string; uptime: number | null; state: ComponentState | null }[];
};

export type PublicIncidentUpdate = { status: IncidentStatus; body: string; created_at: string };

export type PublicIncident = {
  id: string;
  title: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  started_at: string;
  resolved_at: string | null;
  components: { key: string; name: string; state: ComponentState }[];
  /** Newest first. */
  updates: PublicIncidentUpdate[];
};

export type PublicMaintenance = {
  id: string;
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  components: { key: string; name: string }[];
};

export type PublicStatus = {
  generated_at: string;
  status: { indicator: ComponentState; description: string };
  components: PublicComponent[];
  active_incidents: PublicIncident[];
  /** Resolved public incidents of the last 90 days, newest first. */
  incident_history: PublicIncident[];
  active_maintenance: PublicMaintenance[];
  upcoming_maintenance: PublicMaintenance[];
};

export const HISTORY_DAYS = 90;
const HISTORY_LIMIT = 100;
const MAINTENANCE_LIMIT = 20;

const incidentSelect = {
  id: true,
  title: true,
  status: true,
  impact: true,
  startedAt: true,
  resolvedAt: true,
  components: { select: { state: true, component: { select: { key: true, name: true, hidden: true } } } },
  updates: { select: { status: true, body: true, createdAt: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] },
} satisfies Prisma.StatusIncidentSelect;

const maintenanceSelect = {
  id: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  components: { select: { component: { select: { key: true, name: true, hidden: true } } } },
} satisfies Prisma.StatusMaintenanceSelect;

/**
 * Provider components are created by the monitor's first run; a visitor arriving before
 * it (or on a host without the monitor) should still see them. Once per process.
 */
function ensureComponentsOnce(): Promise<void> {
  const gc = globalThis as { __aurikoStatusComponentsEnsured?: Promise<void> };
  gc.__aurikoStatusComponentsEnsured ??= ensureStatusComponents().then(
    () => undefined,
    () => {
      gc.__aurikoStatusComponentsEnsured = undefined;
    },
  );
  return gc.__aurikoStatusComponentsEnsured;
}

/**
 * Uptime moves once per 5-minute sample, and its queries are the heaviest part of the
 * page (90 days of samples per component): kept for a minute per process.
 */
export const UPTIME_CACHE_MS = 60_000;
type UptimeCache = { at: number; key: string; value: ReturnType<typeof loadUptime> };
const gu = globalThis as { __aurikoStatusUptime?: UptimeCache };

function cachedUptime(ids: string[], now: Date): ReturnType<typeof loadUptime> {
  const key = ids.join(",");
  const hit = gu.__aurikoStatusUptime;
  if (hit && hit.key === key && now.getTime() - hit.at < UPTIME_CACHE_MS && now.getTime() >= hit.at) return hit.value;
  const entry: UptimeCache = { at: now.getTime(), key, value: loadUptime(ids, now) };
  gu.__aurikoStatusUptime = entry;
  entry.value.catch(() => {
    if (gu.__aurikoStatusUptime === entry) gu.__aurikoStatusUptime = undefined;
  });
  return entry.value;
}

/** `fresh` skips the uptime cache (tests, and anything that must see a sample just written). */
export async function buildPublicStatus(now = new Date(), opts: { fresh?: boolean } = {}): Promise<PublicStatus> {
  await ensureComponentsOnce();
  const shownProviders = new Set(statusProviders().map((p) => p.id));
  const all = await currentComponentStates({ now });
  const shown = all.filter((c) => !c.hidden && (c.kind !== "provider" || (c.provider !== null && shownProviders.has(c.provider))));
  const shownKeys = new Set(shown.map((c) => c.key));
  const historySince = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);

  const [uptime, active, history, maintenanceNow, maintenanceNext] = await Promise.all([
    opts.fresh ? loadUptime(shown.map((c) => c.id), now) : cachedUptime(shown.map((c) => c.id), now),
    db().statusIncident.findMany({
      where: { isPublic: true, status: { not: "resolved" } },
      orderBy: { startedAt: "desc" },
      select: incidentSelect,
    }),
    db().statusIncident.findMany({
      where: { isPublic: true, status: "resolved", resolvedAt: { gte: historySince } },
      orderBy: { startedAt: "desc" },
      take: HISTORY_LIMIT,
      select: incidentSelect,
    }),
    db().statusMaintenance.findMany({
      where: { cancelledAt: null, startsAt: { lte: now }, endsAt: { gt: now } },
      orderBy: { startsAt: "asc" },
      take: MAINTENANCE_LIMIT,
      select: maintenanceSelect,
    }),
    db().statusMaintenance.findMany({
      where: { cancelledAt: null, startsAt: { gt: now } },
      orderBy: { startsAt: "asc" },
      take: MAINTENANCE_LIMIT,
      select: maintenanceSelect,
    }),
  ]);

  type IncidentRow = (typeof active)[number];
  const incident = (i: IncidentRow): PublicIncident => ({
    id: i.id,
    title: i.title,
    status: i.status as IncidentStatus,
    impact: i.impact as IncidentImpact,
    started_at: i.startedAt.toISOString(),
    resolved_at: i.resolvedAt?.toISOString() ?? null,
    components: i.components
      .filter((l) => shownKeys.has(l.component.key))
      .map((l) => ({ key: l.component.key, name: l.component.name, state: l.state as ComponentState })),
    updates: i.updates.map((u) => ({ status: u.status as IncidentStatus, body: u.body, created_at: u.createdAt.toISOString() })),
  });
  type MaintenanceRow = (typeof maintenanceNow)[number];
  const maintenance = (m: MaintenanceRow): PublicMaintenance => ({
    id: m.id,
    title: m.title,
    description: m.description,
    starts_at: m.startsAt.toISOString(),
    ends_at: m.endsAt.toISOString(),
    components: m.components.filter((l) => shownKeys.has(l.component.key)).map((l) => ({ key: l.component.key, name: l.component.name })),
  });

  return {
    generated_at: now.toISOString(),
    status: overallIndicator(shown.map((c) => c.state)),
    components: shown.map((c) => {
      const u = uptime.get(c.id);
      return {
        key: c.key,
        name: c.name,
        description: c.description,
        kind: c.kind,
        state: c.state,
        state_label: stateLabel(c.state),
        uptime: {
          "24h": uptimePercent(u?.windows["24h"] ?? null),
          "7d": uptimePercent(u?.windows["7d"] ?? null),
          "30d": uptimePercent(u?.windows["30d"] ?? null),
          "90d": uptimePercent(u?.windows["90d"] ?? null),
        },
        daily: (u?.daily ?? []).map((b) => ({ date: b.date, uptime: uptimePercent(b.uptime), state: b.worst })),
      };
    }),
    active_incidents: active.map(incident),
    incident_history: history.map(incident),
    active_maintenance: maintenanceNow.map(maintenance),
    upcoming_maintenance: maintenanceNext.map(maintenance),
  };
}

/**
 * The snapshot, shared for a few seconds per process: the page is public and anonymous,
 * so a burst of visitors costs one set of queries, not one per visit.
 */
export const PUBLIC_STATUS_CACHE_MS = 5_000;

type Cached = { at: number; value: Promise<PublicStatus> };
const g = globalThis as { __aurikoPublicStatus?: Cached };

/** Drops the shared snapshot, e.g. right after an operator changed something. */
export function clearPublicStatusCache(): void {
  g.__aurikoPublicStatus = undefined;
  gu.__aurikoStatusUptime = undefined;
}

export function publicStatus(): Promise<PublicStatus> {
  const hit = g.__aurikoPublicStatus;
  if (hit && Date.now() - hit.at < PUBLIC_STATUS_CACHE_MS) return hit.value;
  const value = buildPublicStatus();
  const entry: Cached = { at: Date.now(), value };
  g.__aurikoPublicStatus = entry;
  value.catch(() => {
    if (g.__aurikoPublicStatus === entry) g.__aurikoPublicStatus = undefined;
  });
  return value;
}
