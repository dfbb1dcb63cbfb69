import "server-only";
import pg from "pg";
import { appDatabaseUrl } from "./client";

/**
 * A small `pg` pool for the runtime role, for everything the production server's own
 * process does while it serves traffic: the usage meter's batches, the provider signal,
 * the cached reads behind every request (API key, BYOK credential, brute-force verdicts),
 * the status monitor and usage retention. Plain parameterised SQL: no Prisma query
 * compilation on that event loop, and the Prisma client's WebAssembly query compiler is
 * never optimised in the background there (tens of MB of memory under load). Same role, same RLS:
 * tenant rows are reached only through withRawContext/withWorkspaceRaw
 * (./with-workspace.ts), which set the context for one transaction.
 */
type Globals = { __aurikoRawPool?: { url: string; pool: pg.Pool } };
const globals = globalThis as Globals;

function rawPool(): pg.Pool {
  const url = appDatabaseUrl();
  const current = globals.__aurikoRawPool;
  if (current && current.url === url) return current.pool;
  if (current) void current.pool.end().catch(() => {});
  const pool = new pg.Pool({ connectionString: url, max: 3, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 });
  // A connection dropped while idle (database restart): the pool replaces it on next use.
  pool.on("error", () => {});
  globals.__aurikoRawPool = { url, pool };
  return pool;
}

type Settings = Record<`app.${string}`, string>;

/**
 * Runs `fn` in one transaction of the raw pool with transaction-local settings (the
 * tenant context `app.workspace_id`, or a narrow one such as `app.api_key_hash`), so they
 * end with the transaction and never reach the next user of the connection.
 *
 * `asyncCommit`: the COMMIT does not wait for its WAL to reach disk (`synchronous_commit =
 * off` for this transaction only). A crash of the database can then lose the last fraction
 * of a second of such commits, never corrupt anything; for writes that were buffered in
 * memory anyway (usage rows) that changes nothing a caller relies on.
 */
export async function withRawContext<T>(
  settings: Settings,
  fn: (client: pg.PoolClient) => Promise<T>,
  opts: { asyncCommit?: boolean } = {},
): Promise<T> {
  const names: string[] = Object.keys(settings);
  const values: string[] = Object.values(settings);
  if (opts.asyncCommit) {
    names.push("synchronous_commit");
    values.push("off");
  }
  const client = await rawPool().connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    if (names.length) await client.query("SELECT set_config(n, v, true) FROM unnest($1::text[], $2::text[]) AS s(n, v)", [names, values]);
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

/** One statement on a table without tenant rows (auth_throttle, provider_health, status_*): its rows. */
export async function rawQuery<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
  return (await rawPool().query<R>(text, params)).rows;
}

/** The same, for a write: how many rows it touched. */
export async function rawExecute(text: string, params: unknown[] = []): Promise<number> {
  return (await rawPool().query(text, params)).rowCount ?? 0;
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
