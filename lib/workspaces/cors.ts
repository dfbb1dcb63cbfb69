import "server-only";
import { withWorkspace, withWorkspaceRaw } from "../db";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { lookupCache } from "../lookup-cache";
import { assertCan } from "../rbac";
import type { Actor } from "./context";

/**
 * Browser origins that may call the gateway with this workspace's keys. Off by default:
 * a key in a web page is visible to everyone who loads it, so a workspace opts in per
 * origin. Origins are kept normalised (`scheme://host[:port]`, lower case, no path);
 * https only, except http for localhost while developing.
 */
export const MAX_CORS_ORIGINS = 20;

export function normaliseOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return null;
  if (url.username || url.password || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) return null;
  return url.origin;
}

export async function getCorsOrigins(actor: Actor): Promise<string[]> {
  assertCan(actor.role, "workspace.view");
  const ws = await withWorkspace(actor.workspaceId, (tx) => tx.workspace.findUnique({ where: { id: actor.workspaceId }, select: { corsOrigins: true } }));
  return ws?.corsOrigins ?? [];
}

/** Replaces the list; `origins` is one origin per line (or comma-separated). */
export async function setCorsOrigins(actor: Actor, input: { origins: string }) {
  assertCan(actor.role, "workspace.cors");
  const entries = input.origins.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  const origins: string[] = [];
  for (const entry of entries) {
    const origin = normaliseOrigin(entry);
    if (!origin) {
      throw new AppError("VALIDATION", `"${entry.slice(0, 100)}" is not an origin: use https://host[:port] (http only for localhost), with no path.`, { field: "origins" });
    }
    if (!origins.includes(origin)) origins.push(origin);
  }
  if (origins.length > MAX_CORS_ORIGINS) throw new AppError("VALIDATION", `Allow at most ${MAX_CORS_ORIGINS} origins.`, { field: "origins" });
  await withWorkspace(actor.workspaceId, async (tx) => {
    const before = await tx.workspace.findUnique({ where: { id: actor.workspaceId }, select: { corsOrigins: true } });
    await tx.workspace.update({ where: { id: actor.workspaceId }, data: { corsOrigins: origins } });
    await recordAudit(tx, actor.workspaceId, {
      action: "workspace.cors_changed",
      actor,
      target: { type: "workspace", id: actor.workspaceId, label: actor.workspaceName },
      ip: actor.ip,
      details: { from: (before?.corsOrigins ?? []).join(" "), to: origins.join(" ") },
    });
  });
  return { origins };
}

/**
 * The proxy's read of a workspace's origins, on the raw pool, cached like the other
 * per-request lookups: a change reaches every instance within 5 seconds. Only requests
 * that carry an Origin header (browsers) ask.
 */
export function createCorsReader() {
  const cache = lookupCache<readonly string[]>({ ttlMs: 5_000, refreshAfterMs: 4_000, max: 10_000 });
  return (workspaceId: string) =>
    cache.get(workspaceId, async () => {
      const { rows } = await withWorkspaceRaw(workspaceId, (client) =>
        client.query<{ cors_origins: string[] }>("SELECT cors_origins FROM workspaces WHERE id = $1", [workspaceId]),
      );
      return rows[0]?.cors_origins ?? [];
    });
}
