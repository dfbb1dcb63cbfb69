import "server-only";
import { withWorkspace, type Tx } from "../db";
import { assertCan } from "../rbac";
import type { Actor } from "../workspaces/context";

/**
 * What a workspace has set up so far, for the overview's checklists and the example
 * requests: which providers it holds keys for, whether an active API key exists, and
 * whether a request has ever gone through (a usage row, raw or rolled up by day).
 */
export type WorkspaceSetup = { hasCredential: boolean; providers: string[]; hasApiKey: boolean; hasRequest: boolean };

export async function readWorkspaceSetup(tx: Tx, workspaceId: string): Promise<WorkspaceSetup> {
  const [providers, keys, event, daily] = await Promise.all([
    tx.providerCredential.findMany({ where: { workspaceId }, select: { provider: true }, distinct: ["provider"], orderBy: { provider: "asc" } }),
    tx.apiKey.count({ where: { workspaceId, revokedAt: null } }),
    tx.usageEvent.findFirst({ where: { workspaceId }, select: { id: true } }),
    tx.usageDaily.findFirst({ where: { workspaceId }, select: { id: true } }),
  ]);
  return {
    hasCredential: providers.length > 0,
    providers: providers.map((p) => p.provider),
    hasApiKey: keys > 0,
    hasRequest: Boolean(event || daily),
  };
}

export async function getWorkspaceSetup(actor: Actor): Promise<WorkspaceSetup> {
  assertCan(actor.role, "usage.view");
  return withWorkspace(actor.workspaceId, (tx) => readWorkspaceSetup(tx, actor.workspaceId));
}
