import "server-only";

/**
 * The alert rules' numbers, in one place (docs/decisions.md, "Alerts", says why).
 */
export type AlertKind = "provider_key_failure" | "error_rate" | "api_key_expiry" | "budget_threshold";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Provider-key failures: any 401/403 from a provider for the workspace's own key in the window. */
export const PROVIDER_KEY_WINDOW_MS = 15 * MINUTE_MS;
export const PROVIDER_KEY_COOLDOWN_MS = 6 * HOUR_MS;
/** The proxy's error codes for a provider refusing the workspace's BYOK credential (lib/proxy/upstream.ts). */
export const PROVIDER_KEY_ERROR_TYPES = ["upstream_authentication", "upstream_permission"] as const;

/** Error-rate spikes: at least this share of answers failed over the window, with enough traffic to mean something. */
export const ERROR_RATE_WINDOW_MS = 15 * MINUTE_MS;
export const ERROR_RATE_THRESHOLD = 0.25;
export const ERROR_RATE_MIN_REQUESTS = 20;
export const ERROR_RATE_COOLDOWN_MS = HOUR_MS;

/** API keys expiring within this many days are announced once per key and expiry date. */
export const KEY_EXPIRY_DAYS = 7;
export const KEY_EXPIRY_MAX_LISTED = 20;

/** Budget thresholds the budgets domain reports, each once per scope and period. */
export const BUDGET_THRESHOLDS = [50, 80, 100] as const;
export type BudgetThreshold = (typeof BUDGET_THRESHOLDS)[number];

/** No storm: at most this many checked alerts per workspace per hour (budget alerts are never dropped). */
export const MAX_CHECKED_ALERTS_PER_HOUR = 20;

/** Webhook deliveries: first attempt at once, then these delays; failed after the last. */
export const RETRY_DELAYS_MS = [MINUTE_MS, 5 * MINUTE_MS, 30 * MINUTE_MS, 2 * HOUR_MS, 6 * HOUR_MS] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** A claimed delivery is leased for this long, so another instance does not send it at the same time. */
export const DELIVERY_LEASE_MS = 2 * MINUTE_MS;

/** How often the worker evaluates the checked kinds and retries deliveries. */
export const EVALUATE_EVERY_MS = MINUTE_MS;
