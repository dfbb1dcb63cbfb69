import "server-only";
import { vaultState, type VaultState } from "../../credentials/key-check";
import { rawQuery } from "../../db";

/**
 * The health check behind GET /api/health and the console/API components: the database
 * answers a trivial query within a short timeout, and the vault's state from the last
 * master-key check (lib/credentials/key-check.ts, refreshed on its own slow interval, never
 * by a request). Nothing else is reported (no version, no configuration, no tenant data,
 * no counts), so the endpoint can stay public.
 */
export const HEALTH_TIMEOUT_MS = 2_000;

export type Ping = () => Promise<unknown>;

const defaultPing: Ping = () => rawQuery("SELECT 1");

export async function checkDatabase(ping: Ping = defaultPing, timeoutMs = HEALTH_TIMEOUT_MS): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([ping().then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export type HealthBody = {
  status: "ok" | "unavailable";
  checks: { database: "ok" | "unavailable"; vault: VaultState };
  time: string;
};

/**
 * The /api/health answer: 200 when the database answers and the master key is not known to
 * open nothing, else 503 (an instance whose key opens no provider key cannot proxy
 * anything). Never cached.
 */
export async function healthResponse(
  opts: { ping?: Ping; timeoutMs?: number; now?: Date; vault?: () => Promise<VaultState> } = {},
): Promise<Response> {
  const [ok, vault] = await Promise.all([checkDatabase(opts.ping, opts.timeoutMs), (opts.vault ?? vaultState)().catch(() => "unchecked" as const)]);
  const ready = ok && vault !== "master_key_opens_nothing";
  const body: HealthBody = {
    status: ready ? "ok" : "unavailable",
    checks: { database: ok ? "ok" : "unavailable", vault },
    time: (opts.now ?? new Date()).toISOString(),
  };
  return Response.json(body, { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
