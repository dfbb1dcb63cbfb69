import type { UsageRecord } from "../proxy/types";

/**
 * The proxy's upstream outcomes per provider, summed over all tenants (no tenant data),
 * for the status page's automatic "degraded" signal. Called for every proxied request.
 */
export function recordProviderOutcome(_u: UsageRecord): void {}
