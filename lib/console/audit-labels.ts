import { AUDIT_ACTIONS } from "../audit";

type AuditAction = (typeof AUDIT_ACTIONS)[number];

const labels: Record<AuditAction, string> = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Failed sign-in",
  "auth.sign_out_all": "Signed out of all sessions",
  "auth.password_changed": "Changed password",
  "workspace.created": "Created workspace",
  "workspace.renamed": "Renamed workspace",
  "workspace.ownership_transferred": "Transferred ownership",
  "member.role_changed": "Changed a member's role",
  "member.removed": "Removed a member",
  "member.left": "Left the workspace",
  "member.joined": "Joined the workspace",
  "invitation.created": "Invited someone",
  "invitation.revoked": "Revoked an invitation",
  "invitation.accepted": "Accepted an invitation",
};

export function isAuditAction(value: string | undefined): value is AuditAction {
  return value !== undefined && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? labels[action] : action;
}

export const auditActionOptions = AUDIT_ACTIONS.map((a) => ({ value: a, label: labels[a] }));
