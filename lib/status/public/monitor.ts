import "server-only";
import { rawExecute } from "../../db";
import { env } from "../../env";
import { childLogger } from "../../log";
import { ensureStatusComponents } from "./components";
import { currentComponentStates } from "./current-state";
import { processProviderSignal } from "./provider-signal";
import { SAMPLE_SLOT_MS } from "../types";
import { slotStart } from "./uptime";

/**
 * The status monitor: samples every component's state once per 5-minute slot for the
 * status page's uptime bars, and prunes old samples and provider health rows. Started by
 * the production server; returns a stopper. Several instances may run it: the first
 * sample written for a slot wins (ON CONFLICT DO NOTHING), and pruning twice is harmless.
 */
export const SAMPLE_RETENTION_DAYS = 95;
export const PROVIDER_HEALTH_RETENTION_DAYS = 2;
const DAY_MS = 86_400_000;
/** Sample a little after a slot opens, so the instances' provider counts of the last minutes are flushed. */
const SLOT_OFFSET_MS = 15_000;
const PRUNE_EVERY_MS = 3_600_000;

const log = childLogger("status-monitor");

/** Writes one sample per component for the slot holding `now`; returns how many were new. */
export async function sampleStatus(now = new Date(), opts: { consoleOk?: boolean } = {}): Promise<{ slot: Date; written: number }> {
  const slot = slotStart(now);
  // Components without data (a provider nobody used in the window) get no sample: a slot
  // without one counts as "no data", never as up.
  const states = (await currentComponentStates({ now, consoleOk: opts.consoleOk })).filter((c) => c.hasData);
  if (!states.length) return { slot, written: 0 };
  const written = await rawExecute(
    `INSERT INTO status_samples (component_id, slot, state)
     SELECT c, $1::timestamptz, s FROM unnest($2::uuid[], $3::text[]) AS t(c, s)
     ON CONFLICT (component_id, slot) DO NOTHING`,
    [slot, states.map((c) => c.id), states.map((c) => c.state)],
  );
  return { slot, written };
}

export async function pruneStatus(now = new Date()): Promise<{ samples: number; providerHealth: number }> {
  const sampleCutoff = new Date(now.getTime() - SAMPLE_RETENTION_DAYS * DAY_MS);
  const healthCutoff = new Date(now.getTime() - PROVIDER_HEALTH_RETENTION_DAYS * DAY_MS);
  const samples = await rawExecute("DELETE FROM status_samples WHERE slot < $1", [sampleCutoff]);
  const providerHealth = await rawExecute("DELETE FROM provider_health WHERE minute < $1", [healthCutoff]);
  return { samples, providerHealth };
}

export type MonitorOptions = {
  /** Delay of the first run after start (default 5 s). */
  firstRunMs?: number;
  /** Fixed interval between runs; by default each run is aligned to the next 5-minute slot. */
  intervalMs?: number;
  now?: () => Date;
  /** Probes the console itself (the production server asks its console worker); up when omitted. */
  consoleHealthy?: () => Promise<boolean>;
  /** Called after each run (tests wait on it). */
  onRun?: (r: { slot: Date; written: number } | { error: string }) => void;
};

export function startStatusMonitor(opts: MonitorOptions = {}): { stop: () => Promise<void> } {
  if (env().AURIKO_STATUS_MONITOR === "off") return { stop: async () => {} };
  const now = opts.now ?? (() => new Date());
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let componentsReady = false;
  let lastPrune = 0;

  const run = async () => {
    try {
      if (!componentsReady) {
        await ensureStatusComponents();
        componentsReady = true;
      }
      await processProviderSignal().flush();
      const consoleOk = opts.consoleHealthy ? await opts.consoleHealthy().catch(() => false) : undefined;
      const result = await sampleStatus(now(), { consoleOk });
      if (now().getTime() - lastPrune >= PRUNE_EVERY_MS) {
        const pruned = await pruneStatus(now());
        lastPrune = now().getTime();
        if (pruned.samples || pruned.providerHealth) log.info(pruned, "old status samples pruned");
      }
      opts.onRun?.(result);
    } catch (err) {
      log.warn({ err: (err as Error).name }, "status sample failed; retrying at the next slot");
      opts.onRun?.({ error: (err as Error).name });
    }
  };

  const nextDelay = () => {
    if (opts.intervalMs !== undefined) return opts.intervalMs;
    const t = now().getTime();
    return slotStart(new Date(t)).getTime() + SAMPLE_SLOT_MS + SLOT_OFFSET_MS - t;
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
        schedule(nextDelay());
      });
    }, Math.max(0, ms));
    timer.unref?.();
  };
  schedule(opts.firstRunMs ?? 5_000);

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
      await processProviderSignal().stop();
    },
  };
}
