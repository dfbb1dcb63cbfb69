import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit";
import { withWorkspace } from "../db";
import { AppError } from "../errors";
import { assertCan, can } from "../rbac";
import type { Actor } from "../workspaces/context";
import { capOf, hasLimits, limitsFromRow, limitsSchema, limitsToColumns, METRICS, windowOf, type Limits, type Metric } from "./policy";
import { forgetLimits } from "./store";

/**
 * Setting and reading limits from the console and the CLI. Owners and Admins set the
 * workspace's limits and any key's; every member reads the workspace's and their own
 * keys' (with what the current windows have used). A change reaches the proxy on every
 * instance within 5 seconds, on this one at once.
 */

/** Form fields: an empty string clears a limit. Numbers arrive as text from forms. */
const optionalNumber = z
  .union([z.literal(""), z.coerce.number({ error: "Enter a number." }).finite("Enter a number.")])
  .optional()
  .transform((v) => (v === "" || v === undefined ? undefined : v));

export const limitsFormSchema = z.strictObject({
  apiKeyId: z.string().uuid().optional(),
  spendUsdPerDay: optionalNumber,
  spendUsdPerMonth: optionalNumber,
  tokensPerDay: optionalNumber,
  tokensPerMonth: optionalNumber,
  requestsPerMinute: optionalNumber,
  tokensPerMinute: optionalNumber,
  /** One model per line or comma-separated: provider/model or provider/*. Empty: every model. */
  allowedModels: z.string().max(10_000).optional(),
});
export type LimitsForm = z.output<typeof limitsFormSchema>;

const FIELD_LABELS: Record<string, string> = {
  spendUsdPerDay: "Daily spend",
  spendUsdPerMonth: "Monthly spend",
  tokensPerDay: "Tokens per day",
  tokensPerMonth: "Tokens per month",
  requestsPerMinute: "Requests per minute",
  tokensPerMinute: "Tokens per minute",
  allowedModels: "Allowed models",
};

function toLimits(form: LimitsForm): Limits {
  const models = (form.allowedModels ?? "")
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const candidate = {
    spendUsdPerDay: form.spendUsdPerDay,
    spendUsdPerMonth: form.spendUsdPerMonth,
    tokensPerDay: form.tokensPerDay,
    tokensPerMonth: form.tokensPerMonth,
    requestsPerMinute: form.requestsPerMinute,
    tokensPerMinute: form.tokensPerMinute,
    allowedModels: models.length > 0 ? [...new Set(models)] : undefined,
  };
  for (const k of Object.keys(candidate) as (keyof typeof candidate)[]) if (candidate[k] === undefined) delete candidate[k];
  const parsed = limitsSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    const label = FIELD_LABELS[field] ?? field;
    const detail = field === "allowedModels" ? `"${String((candidate.allowedModels ?? [])[Number(issue.path[1])] ?? "").slice(0, 100)}": ${issue.message}` : issue.message;
    throw new AppError("VALIDATION", `${label}: ${detail}.`, { field });
  }
  return parsed.data;
}

export type LimitUse = { metric: Metric; cap: number; used: number; resetsAt: string };
export type LimitsView = { scope: "workspace" | "api_key"; apiKeyId: string | null; limits: Limits; use: LimitUse[]; updatedAt: string | null };

/** The key, if the actor may see it: its creator, or an Owner or Admin. Anyone else learns nothing of it. */
async function visibleKey(actor: Actor, apiKeyId: string) {
  const key = await withWorkspace(actor.workspaceId, (tx) =>
    tx.apiKey.findFirst({ where: { id: apiKeyId, workspaceId: actor.workspaceId }, select: { id: true, name: true, prefix: true, createdBy: true } }),
  );
  if (!key || (key.createdBy !== actor.userId && !can(actor.role, "apiKeys.viewAll"))) throw new AppError("NOT_FOUND", "API key not found.");
  return key;
}

export async function getLimits(actor: Actor, input: { apiKeyId?: string | undefined }): Promise<LimitsView> {
  assertCan(actor.role, "workspace.view");
  if (input.apiKeyId) await visibleKey(actor, input.apiKeyId);
  const apiKeyId = input.apiKeyId ?? null;
  return withWorkspace(actor.workspaceId, async (tx) => {
    const row = await tx.usageLimit.findFirst({ where: { workspaceId: actor.workspaceId, apiKeyId } });
    const limits = row ? limitsFromPrisma(row) : {};
    const scope = apiKeyId ?? "workspace";
    const now = Date.now();
    const counters = await tx.usageLimitCounter.findMany({
      where: { workspaceId: actor.workspaceId, scope, windowStart: { in: [...new Set(METRICS.map((m) => new Date(windowOf(m, now).start)))] } },
    });
    const use: LimitUse[] = [];
    for (const metric of METRICS) {
      const cap = capOf(limits, metric);
      if (cap === undefined) continue;
      const w = windowOf(metric, now);
      const counter = counters.find((c) => c.metric === metric && c.windowStart.getTime() === w.start);
      use.push({ metric, cap, used: Number(counter?.used ?? 0), resetsAt: new Date(w.end).toISOString() });
    }
    return { scope: apiKeyId ? "api_key" : "workspace", apiKeyId, limits, use, updatedAt: row?.updatedAt.toISOString() ?? null };
  });
}

/** Every key's limits the actor may see, keyed by key id (for the keys page). */
export async function listKeyLimits(actor: Actor): Promise<Record<string, Limits>> {
  assertCan(actor.role, "apiKeys.manageOwn");
  const all = can(actor.role, "apiKeys.viewAll");
  return withWorkspace(actor.workspaceId, async (tx) => {
    const rows = await tx.usageLimit.findMany({
      where: { workspaceId: actor.workspaceId, apiKeyId: { not: null }, ...(all ? {} : { apiKey: { createdBy: actor.userId } }) },
    });
    const out: Record<string, Limits> = {};
    for (const r of rows) if (r.apiKeyId) out[r.apiKeyId] = limitsFromPrisma(r);
    return out;
  });
}

export async function setLimits(actor: Actor, form: LimitsForm): Promise<LimitsView> {
  assertCan(actor.role, "limits.manage");
  const limits = toLimits(form);
  const apiKeyId = form.apiKeyId ?? null;
  const key = apiKeyId ? await visibleKey(actor, apiKeyId) : null;
  await withWorkspace(actor.workspaceId, async (tx) => {
    const before = await tx.usageLimit.findFirst({ where: { workspaceId: actor.workspaceId, apiKeyId } });
    const data = { ...limitsToColumns(limits), allowedModels: limits.allowedModels ?? [], updatedAt: new Date(), updatedBy: actor.userId };
    if (before) await tx.usageLimit.update({ where: { id: before.id }, data });
    else await tx.usageLimit.create({ data: { workspaceId: actor.workspaceId, apiKeyId, ...data } });
    await recordAudit(tx, actor.workspaceId, {
      action: "limits.changed",
      actor,
      target: key ? { type: "api_key", id: key.id, label: `${key.name} (${key.prefix}…)` } : { type: "workspace", id: actor.workspaceId, label: actor.workspaceName },
      ip: actor.ip,
      details: { from: describe(before ? limitsFromPrisma(before) : {}), to: describe(limits) },
    });
  });
  forgetLimits(actor.workspaceId);
  return getLimits(actor, { apiKeyId: apiKeyId ?? undefined });
}

function limitsFromPrisma(row: {
  spendDayMicros: bigint | null;
  spendMonthMicros: bigint | null;
  tokensDay: bigint | null;
  tokensMonth: bigint | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  allowedModels: string[];
}): Limits {
  return limitsFromRow({
    spend_day_micros: row.spendDayMicros,
    spend_month_micros: row.spendMonthMicros,
    tokens_day: row.tokensDay,
    tokens_month: row.tokensMonth,
    requests_per_minute: row.requestsPerMinute,
    tokens_per_minute: row.tokensPerMinute,
    allowed_models: row.allowedModels,
  });
}

/** A short text of the limits for the audit log ("none" when there are none). */
export function describe(limits: Limits): string {
  if (!hasLimits(limits)) return "none";
  const parts: string[] = [];
  if (limits.spendUsdPerDay !== undefined) parts.push(`USD ${limits.spendUsdPerDay}/day`);
  if (limits.spendUsdPerMonth !== undefined) parts.push(`USD ${limits.spendUsdPerMonth}/month`);
  if (limits.tokensPerDay !== undefined) parts.push(`${limits.tokensPerDay} tokens/day`);
  if (limits.tokensPerMonth !== undefined) parts.push(`${limits.tokensPerMonth} tokens/month`);
  if (limits.requestsPerMinute !== undefined) parts.push(`${limits.requestsPerMinute} requests/min`);
  if (limits.tokensPerMinute !== undefined) parts.push(`${limits.tokensPerMinute} tokens/min`);
  if (limits.allowedModels) parts.push(`models: ${limits.allowedModels.join(" ")}`);
  return parts.join(", ");
}
