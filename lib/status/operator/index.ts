/**
 * The operator area of lib/status: who is an operator, the operator audit log, and what
 * operators do (components, incidents, maintenance, the overview, and their side of a
 * security incident). Every service checks the operator flag itself.
 *
 * Client components import ./format directly: this index also brings in the services,
 * which are server-only.
 */
import "server-only";

export { isOperator, operatorFlags, requireOperator, setOperatorFlag, type Operator } from "./access";
export {
  cancelMaintenance,
  createIncident,
  editIncident,
  getIncidentForOperator,
  listComponentsForOperator,
  listIncidentsForOperator,
  listMaintenancesForOperator,
  postIncidentUpdate,
  scheduleMaintenance,
  updateComponent,
} from "./admin";
export { listOperatorAuditEvents, operatorAuditLabel, recordOperatorAudit, OPERATOR_AUDIT_ACTIONS, type OperatorAuditAction } from "./audit";
export { IMPACT_LABELS, INCIDENT_STATE_OPTIONS, INCIDENT_STATUS_LABELS, timeLeft, utcFromLocalInput } from "./format";
export * as operatorInput from "./input";
export { operatorOverview } from "./overview";
export { setUserSuspended } from "./suspension";
export { confirmSecurityIncident, saveSecurityDetails, securityDelivery, sendSecurityNotices, workspacesForOperator } from "./security";
