import "server-only";
import type pg from "pg";
import type { Prisma } from "./generated/client.ts";
import { basePrisma } from "./client";
import { withRawContext } from "./raw";
import { isUuid } from "../uuid";

export type Tx = Prisma.TransactionClient;

export function assertUuid(value: string, what = "id"): void {
  if (!isUuid(value)) throw new TypeError(`${what} must be a UUID`);
}

/**
 * The one definition of a workspace's tenant context, for both ways into Postgres
 * (Prisma for the console, the raw `pg` pool for the proxy's process): the setting
 * every RLS policy reads, set transaction-local (`set_config(..., true)`) so that it
 * ends with the transaction and can never leak to the next user of a pooled connection.
 * The caller must already have checked that the principal may act in this workspace.
 */
export const WORKSPACE_SETTING = "app.workspace_id";

function workspaceContext(workspaceId: string): { [WORKSPACE_SETTING]: string } {
  assertUuid(workspaceId, "workspaceId");
  return { [WORKSPACE_SETTING]: workspaceId };
}

type TxOptions = { timeoutMs?: number; isolationLevel?: Prisma.TransactionIsolationLevel };

/** Runs `fn` in one Prisma interactive transaction in `workspaceId`'s tenant context. */
export async function withWorkspace<T>(workspaceId: string, fn: (tx: Tx) => Promise<T>, opts: TxOptions = {}): Promise<T> {
  const context = workspaceContext(workspaceId);
  return basePrisma().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT set_config(${WORKSPACE_SETTING}, ${context[WORKSPACE_SETTING]}, true)`;
      return fn(tx);
    },
    { timeout: opts.timeoutMs ?? 10_000, maxWait: 5_000, isolationLevel: opts.isolationLevel },
  );
}

/** The same on the raw pool (./raw.ts): one transaction of plain SQL in `workspaceId`'s tenant context. */
export function withWorkspaceRaw<T>(workspaceId: string, fn: (client: pg.PoolClient) => Promise<T>, opts: { asyncCommit?: boolean } = {}): Promise<T> {
  return withRawContext(workspaceContext(workspaceId), fn, opts);
}
