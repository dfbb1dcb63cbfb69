import "server-only";

export { db, WorkspaceScopeError, WORKSPACE_SCOPED_MODELS } from "./scope";
export { withWorkspace, withWorkspaceRaw, assertUuid, type Tx } from "./with-workspace";
export { disconnectPrisma } from "./disconnect";
export { withRawContext, rawQuery, rawExecute } from "./raw";
export { Role, Prisma } from "./generated/client.ts";
export type { User, Workspace, Membership, Invitation, AuditEvent, UserSession } from "./generated/client.ts";
