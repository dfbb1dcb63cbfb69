import "server-only";
import { withWorkspaceRaw } from "../db";
import { listAllWorkspaceIds } from "../db/privileged";
import { env } from "../env";
import { childLogger } from "../log";

/**
 * Retention of raw usage rows: older than N days (AURIKO_USAGE_RETENTION_DAYS, default
 * 90) they are deleted, workspace by workspace under RLS, in batches so no transaction
 * runs long (through the raw pool: the job runs in the production server's process).
 * Daily rollups are not touched: long-range charts keep working.
 */
const BATCH = 5_000;
const log = childLogger("usage-retention");

export type PruneReport = { workspaces: number; deleted: number; cutoff: Date };

export async function pruneUsage(opts: { days?: number; now?: Date; workspaceIds?: string[] } = {}): Promise<PruneReport> {
  const days = opts.days ?? env().AURIKO_USAGE_RETENTION_DAYS;
  if (!Number.isInteger(days) || days < 1) throw new Error("retention must be a whole number of days, at least 1");
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 86_400_000);
  const ids = opts.workspaceIds ?? (await listAllWorkspaceIds());
  let deleted = 0;
  for (const workspaceId of ids) {
    for (;;) {
      const n = await withWorkspaceRaw(workspaceId, async (client) =>
        (
          await client.query(
            `DELETE FROM usage_events WHERE id IN (
               SELECT id FROM usage_events WHERE workspace_id = $1::uuid AND created_at < $2 LIMIT $3)`,
            [workspaceId, cutoff, BATCH],
          )
        ).rowCount ?? 0,
      );
      deleted += n;
      if (n < BATCH) break;
    }
  }
  return { workspaces: ids.length, deleted, cutoff };
}

/**
 * Runs pruneUsage a minute after start-up and then every hour, off the request path.
 * Several instances may run it at once: deleting expired rows twice is harmless.
 * Returns a function that stops it.
 */
export function startUsageRetentionJob(opts: { intervalMs?: number; firstRunMs?: number } = {}): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    if (stopped) return;
    try {
      const r = await pruneUsage();
      if (r.deleted) log.info({ deleted: r.deleted, workspaces: r.workspaces, cutoff: r.cutoff.toISOString() }, "expired usage rows deleted");
    } catch (err) {
      log.warn({ err: (err as Error).name }, "usage retention run failed; retrying at the next interval");
    }
    if (!stopped) schedule(opts.intervalMs ?? 3_600_000);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => void run(), ms);
    timer.unref?.();
  };
  schedule(opts.firstRunMs ?? 60_000);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
