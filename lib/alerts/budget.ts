import "server-only";
import { z } from "zod";
import { withWorkspaceRaw } from "../db";
import { childLogger } from "../log";
import { deliverDue } from "./deliver";
import { fireAlert } from "./fire";
import { BUDGET_THRESHOLDS, type BudgetThreshold } from "./rules";

/**
 * Budget thresholds, reported by the budgets domain (it knows spend and caps; this
 * module only tells people). See notifyBudgetThreshold.
 */
export type BudgetThresholdInput = {
  workspaceId: string;
  /** Whose budget: the whole workspace, or one API key. */
  scope: "workspace" | "api_key";
  /** The workspace id (scope "workspace") or the API key's id (scope "api_key"). */
  scopeId: string;
  /** A display name for the budget (e.g. the key's name, "Monthly workspace budget"). Never a key or secret. */
  label: string;
  /** The threshold crossed: 50, 80 or 100. */
  percent: BudgetThreshold;
  /** Start of the budget period the spend belongs to (e.g. the UTC day or month). */
  periodStart: Date;
};

export type BudgetThresholdResult = {
  /** False when this (scope, scopeId, periodStart, percent) was already notified: nothing was sent. */
  fired: boolean;
  alertId: string | null;
  /** Webhook deliveries queued, and e-mails put in the outbox. */
  webhooks: number;
  emails: number;
};

const schema = z.strictObject({
  workspaceId: z.string().uuid(),
  scope: z.enum(["workspace", "api_key"]),
  scopeId: z.string().uuid(),
  label: z.string().trim().min(1).max(120),
  percent: z.union(BUDGET_THRESHOLDS.map((p) => z.literal(p)) as [z.ZodLiteral<50>, z.ZodLiteral<80>, z.ZodLiteral<100>]),
  periodStart: z.date(),
});

const log = childLogger("alerts");

/**
 * Tells the workspace's alert destinations that a budget reached `percent` % in the
 * period starting at `periodStart`: exactly once per (scope, scopeId, periodStart,
 * percent, label: one scope can have several budgets), across calls, processes and instances (a database row decides; concurrent
 * calls fire once). The alert, its webhook deliveries and its e-mails to Owners and
 * Admins are recorded in one transaction; the first webhook attempt is made before the
 * promise resolves (at most a few seconds per webhook), and failures are retried by the
 * alert worker. Rejects only on invalid input or a database failure, never because a
 * receiver failed. Callers on a request's critical path should not await it.
 */
export async function notifyBudgetThreshold(input: BudgetThresholdInput, opts: { deliver?: boolean } = {}): Promise<BudgetThresholdResult> {
  const i = schema.parse(input);
  const period = i.periodStart.toISOString();
  const scopeName = i.scope === "workspace" ? "Workspace budget" : "API key budget";
  const fired = await withWorkspaceRaw(i.workspaceId, (c) =>
    fireAlert(c, i.workspaceId, {
      kind: "budget_threshold",
      dedupKey: `budget:${i.scope}:${i.scopeId}:${period}:${i.percent}:${i.label}`,
      cooldownMs: null,
      capped: false,
      title: i.percent >= 100 ? `${scopeName} "${i.label}" is used up` : `${scopeName} "${i.label}" has reached ${i.percent}%`,
      lines: [`${scopeName} "${i.label}" reached ${i.percent}% in the period starting ${period}.`],
      details: { scope: i.scope, scope_id: i.scopeId, label: i.label, percent: i.percent, period_start: period },
    }),
  );
  if (!fired) return { fired: false, alertId: null, webhooks: 0, emails: 0 };
  if (opts.deliver !== false && fired.webhookDeliveries.length) {
    await deliverDue(i.workspaceId, { ids: fired.webhookDeliveries }).catch((err: unknown) => {
      log.warn({ err: (err as Error).name }, "budget alert delivery deferred to the worker");
    });
  }
  return { fired: true, alertId: fired.alertId, webhooks: fired.webhookDeliveries.length, emails: fired.emails };
}
