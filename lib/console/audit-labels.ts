import "server-only";
import { AUDIT_ACTIONS } from "../audit";

type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Friendly names; actions added to AUDIT_ACTIONS later fall back to a readable form of the code. */
const labels: Partial<Record<AuditAction, string>> & Record<string, string | undefined> = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Failed sign-in",
  "auth.sign_out_all": "Signed out of all sessions",
  "auth.session_ended": "Ended a session",
  "auth.password_changed": "Changed password",
  "auth.password_reset_requested": "Requested a password reset link",
  "auth.password_reset": "Reset password from an emailed link",
  "workspace.created": "Created workspace",
  "workspace.renamed": "Renamed workspace",
  "workspace.cors_changed": "Changed the allowed browser origins",
  "workspace.ownership_transferred": "Transferred ownership",
  "member.role_changed": "Changed a member's role",
  "member.removed": "Removed a member",
  "member.left": "Left the workspace",
  "member.joined": "Joined the workspace",
  "member.suspended": "A member's account was suspended",
  "member.unsuspended": "A member's account was unsuspended",
  "invitation.created": "Invited someone",
  "invitation.revoked": "Revoked an invitation",
  "invitation.accepted": "Accepted an invitation",
  "credential.created": "Added a provider key",
  "credential.replaced": "Replaced a provider key",
  "credential.deleted": "Deleted a provider key",
  "credential.tested": "Tested a provider key",
  "credential.unreadable": "Stored provider key could not be opened",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "limits.changed": "Changed limits",
  "api_key.suspended": "Stopped an API key (its owner was suspended)",
  "api_key.unsuspended": "Restored an API key (its owner was unsuspended)",
  "security.notice_sent": "Security notice sent to Owners and Admins",
  "security.notice_read": "Read a security notice",
};

/** "api_key.created" → "Api key: created", for codes without a friendly name yet. */
function readable(action: string): string {
  const [area = "", verb = ""] = action.split(".");
  const words = (s: string) => s.replace(/_/g, " ");
  const head = words(area);
  return verb ? `${head.charAt(0).toUpperCase()}${head.slice(1)}: ${words(verb)}` : head;
}

export function isAuditAction(value: string | undefined): value is AuditAction {
  return value !== undefined && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export function auditActionLabel(action: string): string {
  return labels[action] ?? readable(action);
}

export const auditActionOptions = AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionLabel(a) }));
