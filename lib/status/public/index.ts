/**
 * The public status page's side of lib/status: components and their current state,
 * uptime history, the page's and /status.json's data, the health check, and the monitor
 * that samples it all (with the proxy's signal about each provider).
 */
import "server-only";

export { ensureStatusComponents, providerComponentKey, statusProviders } from "./components";
export { currentComponentStates, type ComponentWithState } from "./current-state";
export { checkDatabase, healthResponse, type HealthBody } from "./health";
export { pruneStatus, sampleStatus, startStatusMonitor, type MonitorOptions } from "./monitor";
export { ProviderSignal, processProviderSignal, providerOutcome, recordProviderOutcome, type Outcome } from "./provider-signal";
export {
  buildPublicStatus,
  clearPublicStatusCache,
  publicStatus,
  type PublicComponent,
  type PublicIncident,
  type PublicIncidentUpdate,
  type PublicMaintenance,
  type PublicStatus,
} from "./public-status";
export { overallIndicator, stateLabel } from "./state";
export { statusJsonResponse } from "./status-json";
export { formatUptime, slotStart, uptimePercent } from "./uptime";
