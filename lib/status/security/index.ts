/**
 * Security incidents in lib/status: the incident's notice text and affected workspaces,
 * the 72-hour clock, the notices and emails to each workspace's Owners and Admins, and
 * what a workspace sees of them. The operator's steps around it (access, recent
 * authentication, audit) are in lib/status/operator.
 */
import "server-only";

export {
  checkAffectedWorkspaces,
  checkConfirmable,
  checkSendable,
  deadlineState,
  deliveryReport,
  loadIncident,
  markConfirmed,
  notifyAffectedWorkspaces,
  writeSecurityDetails,
  SECURITY_EMAIL_KIND,
  type DeadlineState,
  type Incident,
  type SecurityDetails,
  type WorkspaceDelivery,
} from "./incidents";
export { listSecurityNotices, markNoticeRead, needsAttention, noticeIdInput, noticeSummary, NOTICE_BANNER_DAYS, type WorkspaceNotice } from "./notices";
