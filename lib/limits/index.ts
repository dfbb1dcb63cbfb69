import "server-only";
import { env } from "../env";
import { childLogger } from "../log";
import { priceOf } from "../usage/prices";
import { createLimitEnforcer } from "./enforcer";
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
    });
    enforcer.start();
  }
  return enforcer;
}
