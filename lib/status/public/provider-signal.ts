import "server-only";
import { rawExecute } from "../../db";
import { env } from "../../env";
import { childLogger } from "../../log";
import type { UsageRecord } from "../../proxy/types";

/**
 * The proxy's upstream outcomes per provider, summed over all tenants (no tenant data),
 * for the status page's automatic "degraded" signal. Called for every proxied request:
 * it only bumps two counters in memory (O(1), never throws, never waits). A timer adds
 * the counts to provider_health (one row per provider and minute) about every 10 s, and
 * stop() writes what is left. Several instances add to the same rows.
 *
 * What counts as the provider failing (see providerOutcome):
 * - failure: the provider answered 5xx (502, 503, 529 overloaded, …) or 408; it could not
 *   be reached (502 upstream_unreachable); it did not answer in time (504 upstream_timeout);
 *   its answer was unreadable (502 upstream_invalid_response); its stream broke or went
 *   silent mid-way (502 upstream_error / idle_timeout).
 * - success: every other answer, including the tenant's own mistakes the provider rightly
 *   refused: 400/422 invalid request, 401/403 a bad or unauthorised provider key,
 *   404 unknown model, 413 too large, 429 the tenant's own key rate-limited.
 * - not counted: requests that never put the provider to the test: the client went away
 *   (499), the workspace has no key for the provider (provider_not_configured), or its
 *   stored key did not open (credential_unreadable: this server's vault, not the provider).
 */
export type Outcome = "success" | "failure" | "ignored";

export function providerOutcome(u: Pick<UsageRecord, "status" | "errorType">): Outcome {
  if (u.status === 499 || u.errorType === "client_closed" || u.errorType === "client_abort") return "ignored";
  if (u.errorType === "provider_not_configured" || u.errorType === "credential_unreadable") return "ignored";
  if (u.status >= 500 || u.status === 408) return "failure";
  return "success";
}

const PROVIDER_ID = /^[a-z0-9-]{1,32}$/;
const MAX_BUCKETS = 10_000;
const log = childLogger("provider-signal");

type Bucket = { provider: string; minute: number; requests: number; errors: number };

export class ProviderSignal {
  private buckets = new Map<string, Bucket>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | undefined;
  private stopped = false;
  readonly stats = { recorded: 0, written: 0, failures: 0, dropped: 0 };

  constructor(private readonly opts: { intervalMs?: number; disabled?: boolean } = {}) {}

  record = (u: Pick<UsageRecord, "provider" | "status" | "errorType" | "createdAt">): void => {
    try {
      if (this.opts.disabled) return;
      const outcome = providerOutcome(u);
      if (outcome === "ignored" || !PROVIDER_ID.test(u.provider)) return;
      const minute = Math.floor(u.createdAt.getTime() / 60_000) * 60_000;
      const key = `${u.provider} ${minute}`;
      let b = this.buckets.get(key);
      if (!b) {
        if (this.buckets.size >= MAX_BUCKETS) {
          this.stats.dropped++;
          return;
        }
        b = { provider: u.provider, minute, requests: 0, errors: 0 };
        this.buckets.set(key, b);
      }
      b.requests++;
      if (outcome === "failure") b.errors++;
      this.stats.recorded++;
      this.schedule();
    } catch {
      /* the request path must never fail because of the status signal */
    }
  };

  private schedule() {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.opts.intervalMs ?? 10_000);
    this.timer.unref?.();
  }

  /** Counts not yet written, per provider (all minutes summed). */
  pending(): Map<string, { requests: number; errors: number }> {
    const out = new Map<string, { requests: number; errors: number }>();
    for (const b of this.buckets.values()) {
      const t = out.get(b.provider) ?? { requests: 0, errors: 0 };
      t.requests += b.requests;
      t.errors += b.errors;
      out.set(b.provider, t);
    }
    return out;
  }

  /** Adds the counts so far to provider_health; on failure they are kept for the next try. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (!this.buckets.size) return;
    const batch = [...this.buckets.values()];
    this.buckets = new Map();
    try {
      await rawExecute(
        `INSERT INTO provider_health (provider, minute, requests, upstream_errors)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::int[])
         ON CONFLICT (provider, minute) DO UPDATE
           SET requests = provider_health.requests + EXCLUDED.requests,
               upstream_errors = provider_health.upstream_errors + EXCLUDED.upstream_errors`,
        [batch.map((b) => b.provider), batch.map((b) => new Date(b.minute)), batch.map((b) => b.requests), batch.map((b) => b.errors)],
      );
      this.stats.written += batch.length;
    } catch (err) {
      this.stats.failures++;
      for (const b of batch) {
        const key = `${b.provider} ${b.minute}`;
        const cur = this.buckets.get(key);
        if (cur) {
          cur.requests += b.requests;
          cur.errors += b.errors;
        } else if (this.buckets.size < MAX_BUCKETS) this.buckets.set(key, b);
        else this.stats.dropped++;
      }
      log.warn({ err: (err as Error).name, pending: this.buckets.size }, "provider health flush failed; retrying");
      this.schedule();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

/** One signal per process, shared by both proxy hosts (they load separate module graphs). */
export function processProviderSignal(): ProviderSignal {
  const g = globalThis as { __aurikoProviderSignal?: ProviderSignal };
  g.__aurikoProviderSignal ??= new ProviderSignal({ disabled: env().AURIKO_STATUS_MONITOR === "off" });
  return g.__aurikoProviderSignal;
}

export function recordProviderOutcome(u: UsageRecord): void {
  try {
    processProviderSignal().record(u);
  } catch {
    /* never on the request path */
  }
}
