import "server-only";
import { sampleSealedCredentials } from "../db/privileged";
import { childLogger } from "../log";
import { envelopeKeyId, masterKeys, VaultError } from "../vault";
import { withOpenedCredential } from "./manage-credentials";

/**
 * Does the configured master key ring open the provider keys in the database? A wrong
 * AURIKO_MASTER_KEY (a typo, another install's key, a rotation undone) otherwise shows
 * only as every proxied request failing. The check opens a random sample of stored
 * credentials, each with its own binding, and wipes each key at once; none is used for
 * anything. Production refuses to start when credentials exist and none of the sample
 * opens (server/start.ts); the health check reports the last result, which a monitor
 * refreshes on a slow interval, never per request. Nothing here logs or returns key
 * material: only counts and master key ids (digests of the keys, stored in clear anyway).
 */
export type VaultState = "ok" | "no_credentials" | "master_key_opens_nothing" | "unchecked";

export type KeyCheck = {
  state: Exclude<VaultState, "unchecked">;
  sampled: number;
  opened: number;
  /** Master key ids the unopened sample was sealed under. */
  sealedUnder: string[];
  checkedAt: Date;
};

export const KEY_CHECK_SAMPLE = 20;
const PER_WORKSPACE = 2;
export const KEY_CHECK_INTERVAL_MS = 15 * 60_000;

const log = childLogger("vault-key-check");

function keyIdOrUnreadable(sealedKey: string): string {
  try {
    return envelopeKeyId(sealedKey);
  } catch {
    return "unreadable";
  }
}

export async function checkMasterKey(opts: { sample?: number } = {}): Promise<KeyCheck> {
  const sample = await sampleSealedCredentials(opts.sample ?? KEY_CHECK_SAMPLE, PER_WORKSPACE);
  let opened = 0;
  const sealedUnder = new Set<string>();
  for (const cred of sample) {
    try {
      await withOpenedCredential(cred.workspaceId, cred, async () => undefined);
      opened++;
    } catch (err) {
      if (!(err instanceof VaultError)) throw err;
      sealedUnder.add(keyIdOrUnreadable(cred.sealedKey));
    }
  }
  const state = sample.length === 0 ? "no_credentials" : opened > 0 ? "ok" : "master_key_opens_nothing";
  return { state, sampled: sample.length, opened, sealedUnder: [...sealedUnder].sort(), checkedAt: new Date() };
}

/** The ids of the configured master keys (active first), or none when no key is configured. */
export async function configuredKeyIds(): Promise<string[]> {
  try {
    const ring = await masterKeys();
    return [ring.active.id, ...[...ring.byId.keys()].filter((id) => id !== ring.active.id)];
  } catch {
    return [];
  }
}

/** Why a production start is refused: names the settings and the key ids, never a key. */
export async function keyCheckFailure(check: KeyCheck): Promise<string> {
  const configured = await configuredKeyIds();
  return (
    `AURIKO_MASTER_KEY opens none of the ${check.sampled} stored provider keys sampled from the database ` +
    `(sealed under master key id ${check.sealedUnder.join(", ")}; the configured keys have id ${configured.join(", ") || "(none)"}). ` +
    "It is not the key they were sealed with: set AURIKO_MASTER_KEY to that key, or add it to AURIKO_MASTER_KEYS_PREVIOUS."
  );
}

function report(check: KeyCheck): void {
  const fields = { sampled: check.sampled, opened: check.opened, sealedUnder: check.sealedUnder };
  if (check.state === "master_key_opens_nothing") {
    log.error(fields, "the master key opens none of the sampled provider keys: proxied requests will fail until AURIKO_MASTER_KEY is the key they were sealed with");
  } else if (check.opened < check.sampled) {
    log.warn(fields, "some sampled provider keys do not open with the configured master keys");
  }
}

type Monitor = { current?: KeyCheck; ready: Promise<void>; stop: () => void; timer?: ReturnType<typeof setInterval> };
/** One monitor per process, shared with the copy of this module inside Next's bundle. */
const SLOT = Symbol.for("auriko.vault-key-check");
const slots = globalThis as { [SLOT]?: Monitor };

/**
 * Starts this process's key check: now (or from `initial`, a check just made), then every
 * `intervalMs`. A failed check (database away) keeps the previous result.
 */
export function startKeyCheckMonitor(opts: { intervalMs?: number; initial?: KeyCheck } = {}): Monitor {
  const existing = slots[SLOT];
  if (existing) return existing;
  const monitor: Monitor = {
    current: opts.initial,
    ready: Promise.resolve(),
    stop: () => {
      clearInterval(monitor.timer);
      if (slots[SLOT] === monitor) delete slots[SLOT];
    },
  };
  const run = async () => {
    try {
      monitor.current = await checkMasterKey();
      report(monitor.current);
    } catch (err) {
      log.warn({ err: (err as Error).name }, "the master key check could not run; keeping the last result");
    }
  };
  slots[SLOT] = monitor;
  if (!opts.initial) monitor.ready = run();
  monitor.timer = setInterval(() => void run(), opts.intervalMs ?? KEY_CHECK_INTERVAL_MS);
  monitor.timer.unref?.();
  return monitor;
}

/**
 * The vault's state for the health check: the monitor's last result. In a process nobody
 * started one in (Next.js alone, as on a serverless host) the first call starts it and
 * waits for its first result up to `waitMs`.
 */
export async function vaultState(waitMs = 2_000): Promise<VaultState> {
  const monitor = slots[SLOT] ?? startKeyCheckMonitor();
  if (!monitor.current) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([monitor.ready, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
  }
  return monitor.current?.state ?? "unchecked";
}
