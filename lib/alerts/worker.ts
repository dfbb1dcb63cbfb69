import "server-only";
import { listAllWorkspaceIds } from "../db/privileged";
import { env } from "../env";
import { childLogger } from "../log";
import { deliverDue } from "./deliver";
import { evaluateWorkspace } from "./evaluate";
import { EVALUATE_EVERY_MS } from "./rules";

/**
 * The alert worker, started by the production server: every minute, per workspace,
 * evaluates the checked kinds (provider-key failures, error rate, key expiry), sends
 * what they fired and retries webhook deliveries that are due. It runs on its own timer,
 * off the request path. Several instances may run it: deduplication and delivery leases
 * are database rows, so an alert fires once and an attempt is sent once.
 */
const log = childLogger("alerts");

export type AlertRun = { workspaces: number; fired: number; attempted: number };

export async function runAlertsOnce(now = new Date()): Promise<AlertRun> {
  const run: AlertRun = { workspaces: 0, fired: 0, attempted: 0 };
  for (const workspaceId of await listAllWorkspaceIds()) {
    try {
      const e = await evaluateWorkspace(workspaceId, now);
      if (e.skipped) continue;
      run.workspaces++;
      run.fired += e.fired.length;
      run.attempted += await deliverDue(workspaceId);
    } catch (err) {
      log.warn({ err: (err as Error).name }, "alert evaluation failed for one workspace; retrying at the next run");
    }
  }
  return run;
}

export function startAlertWorker(opts: { intervalMs?: number; firstRunMs?: number; onRun?: (r: AlertRun | { error: string }) => void } = {}) {
  if (env().AURIKO_ALERTS === "off") return { stop: async () => {} };
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runAlertsOnce()
        .then((r) => {
          if (r.fired) log.info(r, "alerts fired");
          opts.onRun?.(r);
        })
        .catch((err: unknown) => {
          log.warn({ err: (err as Error).name }, "alert run failed; retrying at the next interval");
          opts.onRun?.({ error: (err as Error).name });
        })
        .finally(() => {
          running = undefined;
          schedule(opts.intervalMs ?? EVALUATE_EVERY_MS);
        });
    }, ms);
    timer.unref?.();
  };
  schedule(opts.firstRunMs ?? 30_000);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
