import "server-only";
import type { AdmissionRequest, LimitRefusal, LimitReservation } from "../proxy/types";
import { capOf, METRIC_INFO, METRICS, modelAllowed, windowOf, type Limits, type Metric } from "./policy";

/**
 * Enforcement of per-key and per-workspace limits, atomic across every instance that
 * shares the database, without a database round trip per request.
 *
 * Each instance holds leases: for a limit's current window (this minute, this UTC day,
 * this month), an amount taken from the shared counter (`usage_limit_take`, which locks
 * the counter's row and never grants past the cap). A request reserves its estimate from
 * the leases of every limit that applies to it, all or nothing, in memory; only when a
 * lease runs short does it take more from the database (a twentieth of the cap at a time,
 * or what the request needs if that is more). After the answer, the reservation is settled
 * with the real usage: what was reserved and not used goes back to the lease, what was
 * used beyond the reservation is added to the shared counter. A lease unused for a second,
 * or whose window has ended, is given back. So what all instances admit together never
 * exceeds a cap by more than the in-flight requests' usage beyond their estimates (see
 * docs/decisions.md, "Limits").
 */

export type Scope = "workspace" | string;
export type WorkspaceLimits = { workspace: Limits | null; keys: ReadonlyMap<string, Limits> };

export type TakeItem = { scope: Scope; metric: Metric; windowStart: number; want: number; cap: number };
export type AdjustItem = { scope: Scope; metric: Metric; windowStart: number; delta: number };

/** The shared counters (usage_limit_counters), one workspace's items per call. */
export type CounterStore = {
  /** Per item: what was granted, and the window's use after the grant. */
  take(workspaceId: string, items: readonly TakeItem[]): Promise<{ granted: number; used: number }[]>;
  adjust(workspaceId: string, items: readonly AdjustItem[]): Promise<void>;
};

export type { AdmissionRequest, LimitRefusal };
export type Reservation = LimitReservation;

type Lease = {
  workspaceId: string;
  scope: Scope;
  metric: Metric;
  windowStart: number;
  windowEnd: number;
  cap: number;
  /** Taken from the shared counter and not yet reserved by a request. */
  held: number;
  /** Used beyond reservations, not yet added to the shared counter. */
  debt: number;
  inFlight: number;
  lastUsed: number;
  pending: Promise<void> | null;
};

type Need = { lease: Lease; amount: number };

export type EnforcerOptions = {
  store: CounterStore;
  /** A workspace's limits (cached by the caller), or null when it has none at all. */
  limitsOf: (workspaceId: string) => Promise<WorkspaceLimits | null>;
  /** USD per million tokens for a model, or undefined when it has no price (it then costs nothing against spend caps). */
  priceOf: (model: string) => { input: number; output: number } | undefined;
  /** Output tokens reserved for a request that sets no maximum. */
  outputAllowance: number;
  now?: () => number;
  /** How long an unused lease is kept before it is given back. */
  idleMs?: number;
  onError?: (err: unknown) => void;
  /** After each lease of a day or month limit: the window's use as the shared counter has it (budget alerts). */
  onCounter?: (c: { workspaceId: string; scope: Scope; metric: Metric; windowStart: number; used: number; cap: number }) => void;
};

export function createLimitEnforcer(opts: EnforcerOptions) {
  const now = opts.now ?? Date.now;
  const idleMs = opts.idleMs ?? 1_000;
  const leases = new Map<string, Lease>();

  function leaseFor(workspaceId: string, scope: Scope, metric: Metric, cap: number, at: number): Lease {
    const w = windowOf(metric, at);
    const id = `${workspaceId}|${scope}|${metric}|${w.start}`;
    let lease = leases.get(id);
    if (!lease) {
      lease = { workspaceId, scope, metric, windowStart: w.start, windowEnd: w.end, cap, held: 0, debt: 0, inFlight: 0, lastUsed: at, pending: null };
      leases.set(id, lease);
    }
    // A lowered cap applies at once to what this instance may still take.
    lease.cap = cap;
    return lease;
  }

  function refusal(kind: LimitRefusal["kind"], scope: Scope, metric: Metric | null, cap: number, at: number, windowEnd: number): LimitRefusal {
    return {
      kind,
      scope: scope === "workspace" ? "workspace" : "api_key",
      metric,
      cap,
      retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - at) / 1000)),
    };
  }

  async function grant(workspaceId: string, short: Need[]): Promise<void> {
    const items = short.map(({ lease, amount }) => ({
      scope: lease.scope,
      metric: lease.metric,
      windowStart: lease.windowStart,
      want: Math.max(amount - lease.held, Math.max(1, Math.floor(lease.cap / 20))),
      cap: lease.cap,
    }));
    const taken = await opts.store.take(workspaceId, items);
    short.forEach(({ lease }, i) => {
      const t = taken[i];
      if (!t) return;
      lease.held += t.granted;
      // A budget's use as the shared counter has it (leases count as used): the share a
      // lease takes (a twentieth of the cap) is how early a threshold may be reported.
      if (opts.onCounter && METRIC_INFO[lease.metric].window !== "minute") {
        opts.onCounter({ workspaceId, scope: lease.scope, metric: lease.metric, windowStart: lease.windowStart, used: t.used, cap: lease.cap });
      }
    });
  }

  async function admit(key: { id: string; workspaceId: string }, req: AdmissionRequest): Promise<Reservation | LimitRefusal | null> {
    const all = await opts.limitsOf(key.workspaceId);
    if (!all) return null;
    const scopes: [Scope, Limits][] = [];
    const keyLimits = all.keys.get(key.id);
    if (keyLimits) scopes.push([key.id, keyLimits]);
    if (all.workspace) scopes.push(["workspace", all.workspace]);
    if (scopes.length === 0) return null;

    const at = now();
    for (const [scope, limits] of scopes) {
      if (!modelAllowed(limits.allowedModels, req.model)) return refusal("model", scope, null, 0, at, at);
    }
    // The estimate is made only when a token or spend limit is set (it reads the body).
    let tokens = -1;
    let micros = 0;
    const estimate = () => {
      const prompt = req.protocol.estimatePromptTokens(req.body);
      const output = req.protocol.maxOutputTokens ? (req.protocol.maxOutputTokens(req.body) ?? opts.outputAllowance) : 0;
      tokens = prompt + output;
      micros = costMicros(req.model, prompt, output);
    };
    const needs: Need[] = [];
    for (const [scope, limits] of scopes) {
      for (const metric of METRICS) {
        const cap = capOf(limits, metric);
        if (cap === undefined) continue;
        if (tokens < 0 && METRIC_INFO[metric].unit !== "requests") estimate();
        const amount = amountOf(metric, tokens, micros);
        if (amount === 0) continue;
        const lease = leaseFor(key.workspaceId, scope, metric, cap, at);
        if (amount > cap) return refusal(kindOf(metric), scope, metric, cap, at, lease.windowEnd);
        needs.push({ lease, amount });
      }
    }
    if (needs.length === 0) return null;

    for (let attempt = 0; ; attempt++) {
      const short = needs.filter((n) => n.lease.held < n.amount);
      if (short.length === 0) break;
      const waiting = short.map((n) => n.lease.pending).filter((p): p is Promise<void> => p !== null);
      if (attempt === 0 && waiting.length > 0) {
        // Another request is already taking more for one of these leases: its surplus may do.
        await Promise.all(waiting.map((p) => p.catch(() => {})));
        continue;
      }
      if (attempt > 1) {
        const first = short[0]!.lease;
        return refusal(kindOf(first.metric), first.scope, first.metric, first.cap, at, first.windowEnd);
      }
      const pending = grant(key.workspaceId, short);
      for (const n of short) n.lease.pending = pending;
      try {
        await pending;
      } finally {
        for (const n of short) if (n.lease.pending === pending) n.lease.pending = null;
      }
    }
    const t = now();
    for (const n of needs) {
      n.lease.held -= n.amount;
      n.lease.inFlight++;
      n.lease.lastUsed = t;
    }
    return new Settlement(needs, req.model, costMicros);
  }

  function costMicros(model: string, promptTokens: number, completionTokens: number): number {
    const price = opts.priceOf(model);
    if (!price) return 0;
    return Math.ceil(promptTokens * price.input + completionTokens * price.output);
  }

  /** Gives back idle and ended leases and adds debts to the shared counters; run every second, and once on stop. */
  async function flush(final = false): Promise<void> {
    const at = now();
    const byWorkspace = new Map<string, AdjustItem[]>();
    for (const [id, lease] of leases) {
      const ended = at >= lease.windowEnd;
      let delta = lease.debt;
      lease.debt = 0;
      if (lease.held > 0 && (final || ended || at - lease.lastUsed >= idleMs)) {
        delta -= lease.held;
        lease.held = 0;
      }
      if (delta !== 0) {
        const items = byWorkspace.get(lease.workspaceId) ?? [];
        items.push({ scope: lease.scope, metric: lease.metric, windowStart: lease.windowStart, delta });
        byWorkspace.set(lease.workspaceId, items);
      }
      if ((ended || final) && lease.inFlight === 0 && lease.held === 0 && lease.debt === 0 && lease.pending === null) leases.delete(id);
    }
    await Promise.all(
      [...byWorkspace].map(([workspaceId, items]) =>
        opts.store.adjust(workspaceId, items).catch((err) => {
          // Kept for the next flush: a debt must not be lost, a give-back can wait.
          for (const item of items) {
            const lease = leases.get(`${workspaceId}|${item.scope}|${item.metric}|${item.windowStart}`);
            if (lease && item.delta > 0) lease.debt += item.delta;
          }
          opts.onError?.(err);
        }),
      ),
    );
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    admit,
    flush,
    start() {
      timer ??= setInterval(() => void flush(), 1_000);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await flush(true);
    },
    /** For tests and the console: what this instance holds right now. */
    leaseCount: () => leases.size,
  };
}

function kindOf(metric: Metric): "rate" | "quota" {
  return METRIC_INFO[metric].window === "minute" ? "rate" : "quota";
}

function amountOf(metric: Metric, tokens: number, micros: number): number {
  const unit = METRIC_INFO[metric].unit;
  return unit === "requests" ? 1 : unit === "tokens" ? tokens : micros;
}

/** One admitted request's reservations, settled once with the real usage. A class: one fixed shape per request. */
class Settlement implements Reservation {
  private settled = false;
  constructor(
    private readonly needs: Need[],
    private readonly model: string,
    private readonly cost: (model: string, prompt: number, completion: number) => number,
  ) {}

  settle(promptTokens: number, completionTokens: number): void {
    if (this.settled) return;
    this.settled = true;
    const tokens = promptTokens + completionTokens;
    const micros = this.cost(this.model, promptTokens, completionTokens);
    for (const { lease, amount } of this.needs) {
      lease.inFlight--;
      const actual = amountOf(lease.metric, tokens, micros);
      lease.held += amount - actual;
      if (lease.held < 0) {
        lease.debt -= lease.held;
        lease.held = 0;
      }
    }
  }
}
