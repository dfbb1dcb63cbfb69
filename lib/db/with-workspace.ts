import type { Prisma } from "./generated/client.ts";
import { basePrisma } from "./client";
import { isUuid } from "../uuid";

export type Tx = Prisma.TransactionClient;

export function assertUuid(value: string, what = "id"): void {
  if (!isUuid(value)) throw new TypeError(`${what} must be a UUID`);
}

type TxOptions = { timeoutMs?: number; isolationLevel?: Prisma.TransactionIsolationLevel };

/**
 * Runs `fn` in one interactive transaction whose tenant context is `workspaceId`.
 * The setting is transaction-local (`set_config(..., true)`), so it ends with the
 * transaction and can never leak to the next user of the pooled connection.
 * The caller must already have checked that the signed-in user may act here.
 */
export async function withWorkspace<T>(workspaceId: string, fn: (tx: Tx) => Promise<T>, opts: TxOptions = {}): Promise<T> {
  assertUuid(workspaceId, "workspaceId");
  return basePrisma().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT set_config('app.workspace_id', ${workspaceId}, true)`;
      return fn(tx);
    },
    { timeout: opts.timeoutMs ?? 10_000, maxWait: 5_000, isolationLevel: opts.isolationLevel },
  );
}
