import "server-only";
import { rawQuery } from "../../db";

/**
 * The health check behind GET /api/health and the console/API components: the database
 * answers a trivial query within a short timeout. Nothing else is reported (no version,
 * no configuration, no tenant data), so the endpoint can stay public.
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
  checks: { database: "ok" | "unavailable" };
  time: string;
};

/** The /api/health answer: 200 when every check passes, else 503. Never cached. */
export async function healthResponse(opts: { ping?: Ping; timeoutMs?: number; now?: Date } = {}): Promise<Response> {
  const ok = await checkDatabase(opts.ping, opts.timeoutMs);
  const body: HealthBody = {
    status: ok ? "ok" : "unavailable",
    checks: { database: ok ? "ok" : "unavailable" },
    time: (opts.now ?? new Date()).toISOString(),
  };
  return Response.json(body, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
