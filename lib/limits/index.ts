import "server-only";
import { env } from "../env";
import { childLogger } from "../log";
import { priceOf } from "../usage/prices";
import { notifyBudgetThreshold } from "../alerts";
import { createLimitEnforcer, type EnforcerOptions } from "./enforcer";
import type { Metric } from "./policy";
import { counterStore, limitsOfWorkspace } from "./store";

/**
 * Limits per API key and per workspace: what they are (./policy), how the proxy enforces
 * them across instances (./enforcer, ./store), and how the console and CLI set them
 * (./manage).
 */
export { limitsSchema, modelAllowed, type Limits, type Metric } from "./policy";
export { forgetLimits } from "./store";

const log = childLogger("limits");
let enforcer: ReturnType<typeof createLimitEnforcer> | undefined;

/** This process's enforcer (one per process: its leases are this instance's share of each limit). */
export function processLimits() {
  if (!enforcer) {
    enforcer = createLimitEnforcer({
      store: counterStore,
      limitsOf: limitsOfWorkspace,
      priceOf: (model) => priceOf(model),
      outputAllowance: env().AURIKO_LIMITS_OUTPUT_ALLOWANCE,
      onError: (err) => log.warn({ err: (err as Error).message }, "limit counters could not be updated; retrying"),
      onCounter: budgetAlerts(),
    });
    enforcer.start();
  }
  return enforcer;
}

const BUDGET_LABELS: Partial<Record<Metric, string>> = {
  spend_day: "Daily spend",
  spend_month: "Monthly spend",
  tokens_day: "Daily tokens",
  tokens_month: "Monthly tokens",
};
const THRESHOLDS = [100, 80, 50] as const;

/**
 * Budget alerts at 50, 80 and 100 % of a day or month limit, from the counters' use as
 * leases are taken (off the request path; each threshold once per window and instance
 * here, once per workspace in lib/alerts).
 */
function budgetAlerts(): NonNullable<EnforcerOptions["onCounter"]> {
  const sent = new Set<string>();
  return (c) => {
    const label = BUDGET_LABELS[c.metric];
    if (!label || c.cap <= 0) return;
    const percent = THRESHOLDS.find((t) => c.used * 100 >= t * c.cap);
    if (percent === undefined) return;
    const id = `${c.workspaceId}|${c.scope}|${c.metric}|${c.windowStart}|${percent}`;
    if (sent.has(id)) return;
    if (sent.size > 100_000) sent.clear();
    sent.add(id);
    void notifyBudgetThreshold({
      workspaceId: c.workspaceId,
      scope: c.scope === "workspace" ? "workspace" : "api_key",
      scopeId: c.scope === "workspace" ? c.workspaceId : c.scope,
      label,
      percent,
      periodStart: new Date(c.windowStart),
    }).catch((err: unknown) => {
      sent.delete(id);
      log.warn({ err: (err as Error).message }, "budget alert could not be recorded");
    });
  };
}
