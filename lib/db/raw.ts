import pg from "pg";
import { appDatabaseUrl } from "./client";
import { assertUuid } from "./with-workspace";

/**
 * A small `pg` pool for the runtime role, for the few writes that run on the proxy's
 * event loop at request rate (the usage meter): one parameterised statement per batch
 * without Prisma's query compilation in between. Same role, same RLS: every use goes
 * through withWorkspaceRaw, which sets the tenant context for one transaction.
 */
type Globals = { __aurikoRawPool?: { url: string; pool: pg.Pool } };
const globals = globalThis as Globals;

function rawPool(): pg.Pool {
  const url = appDatabaseUrl();
  const current = globals.__aurikoRawPool;
  if (current && current.url === url) return current.pool;
  if (current) void current.pool.end().catch(() => {});
  const pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 });
  // A connection dropped while idle (database restart): the pool replaces it on next use.
  pool.on("error", () => {});
  globals.__aurikoRawPool = { url, pool };
  return pool;
}

export async function withWorkspaceRaw<T>(workspaceId: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  assertUuid(workspaceId, "workspaceId");
  const client = await rawPool().connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('app.workspace_id', $1, true)", [workspaceId]);
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** Closes the pool; waits at most 2 s (a connection to a database that went away may never answer). */
export async function disconnectRawPool(): Promise<void> {
  const current = globals.__aurikoRawPool;
  globals.__aurikoRawPool = undefined;
  if (!current) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    current.pool.end().catch(() => {}),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000))),
  ]);
  clearTimeout(timer);
}
