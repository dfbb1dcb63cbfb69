import "server-only";
import { z } from "zod";
import { Prisma, withWorkspace } from "../db";
import { assertCan } from "../rbac";
import type { Actor } from "../workspaces/context";
import { statusClassesOf, windowsFor, type UsageFilters } from "./filters";
import { keyDirectory } from "./key-directory";
import { costUsd, loadPriceTable } from "./prices";
import { checkKeyFilter } from "./queries";

/**
 * Raw usage rows, newest first, for the recent-requests table and the CSV export:
 * metadata only (there is no content column to read). Pages by a (time, id) cursor.
 */
export const cursorSchema = z.string().regex(/^\d{13}_[0-9a-f-]{36}$/i, "Invalid cursor.");

export type RecentRow = {
  id: string;
  createdAt: Date;
  keyLabel: string;
  provider: string;
  model: string;
  endpoint: string;
  status: number;
  stream: boolean;
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
  latencyMs: number;
  ttfbMs: number | null;
  errorType: string | null;
  requestId: string | null;
  costUsd: number | null;
};

export type RecentPage = { rows: RecentRow[]; nextCursor: string | null };

function statusWhere(status: UsageFilters["status"]): Prisma.UsageEventWhereInput {
  const classes = statusClassesOf(status);
  if (!classes) return {};
  return { OR: classes.map((c) => ({ status: { gte: Number(c[0]) * 100, lt: Number(c[0]) * 100 + 100 } })) };
}

export async function listRecentUsage(
  actor: Actor,
  input: UsageFilters & { cursor?: string; limit?: number },
  now = new Date(),
): Promise<RecentPage> {
  assertCan(actor.role, "usage.view");
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 5000);
  const { current } = windowsFor(input.range, now);
  const prices = loadPriceTable();
  let before: Prisma.UsageEventWhereInput = {};
  if (input.cursor) {
    const [ms, id] = input.cursor.split("_") as [string, string];
    const at = new Date(Number(ms));
    before = { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] };
  }
  return withWorkspace(actor.workspaceId, async (tx) => {
    const dir = await keyDirectory(tx, actor);
    checkKeyFilter(dir, input);
    const rows = await tx.usageEvent.findMany({
      where: {
        AND: [
          { workspaceId: actor.workspaceId, createdAt: { gte: current.from, lt: current.to } },
          input.model ? { model: input.model } : {},
          input.apiKeyId ? { apiKeyId: input.apiKeyId } : {},
          statusWhere(input.status),
          before,
        ],
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      select: {
        id: true, createdAt: true, apiKeyId: true, provider: true, model: true, endpoint: true, status: true, stream: true,
        promptTokens: true, completionTokens: true, estimated: true, latencyMs: true, ttfbMs: true, errorType: true,
        requestId: true,
      },
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      rows: page.map(({ apiKeyId, ...r }) => ({
        ...r,
        keyLabel: dir.label(apiKeyId).label,
        costUsd: costUsd(r.model, r.promptTokens, r.completionTokens, prices),
      })),
      nextCursor: rows.length > limit && last ? `${last.createdAt.getTime()}_${last.id}` : null,
    };
  });
}

const CSV_COLUMNS = [
  "time_utc", "api_key", "provider", "model", "endpoint", "status", "stream", "prompt_tokens", "completion_tokens",
  "tokens_estimated", "latency_ms", "ttfb_ms", "error_type", "estimated_cost_usd", "request_id",
] as const;

/** One CSV field; text that a spreadsheet would run as a formula is prefixed with a quote. */
function field(v: string | number | boolean | null): string {
  if (v === null) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = () => `${CSV_COLUMNS.join(",")}\r\n`;

export function csvLines(rows: RecentRow[]): string {
  return rows
    .map((r) =>
      [
        r.createdAt.toISOString(), r.keyLabel, r.provider, r.model, r.endpoint, r.status, r.stream, r.promptTokens, r.completionTokens,
        r.estimated, Math.round(r.latencyMs * 10) / 10, r.ttfbMs === null ? null : Math.round(r.ttfbMs * 10) / 10, r.errorType,
        r.costUsd === null ? null : r.costUsd.toFixed(8), r.requestId,
      ]
        .map(field)
        .join(","),
    )
    .join("\r\n") + (rows.length ? "\r\n" : "");
}
