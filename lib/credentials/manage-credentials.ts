import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { withWorkspace } from "../db";
import { listAllWorkspaceIds } from "../db/privileged";
import { recordAudit } from "../audit";
import { requireRecentAuth } from "../auth/recent-auth";
import { AppError } from "../errors";
import { provider, type ProviderDef } from "../providers/registry";
import { testCredential, type CredentialTestResult } from "../providers/test-credential";
import { assertCan } from "../rbac";
import { envelopeKeyId, masterKeys, open, resealIfStale, seal, wipe } from "../vault";
import type { Actor } from "../workspaces/context";

/**
 * BYOK provider credentials. The key is sealed before it reaches the database and is
 * never returned: lists show provider, label, last four characters and who changed
 * it when. Opening happens only for an upstream call (or "Test") and the bytes are
 * wiped right after.
 */
const scopeOf = (workspaceId: string) => ({ kind: "workspace" as const, id: workspaceId });
const bindingOf = (credentialId: string, providerId: string) => ({ credentialId, provider: providerId });
const encoder = new TextEncoder();

const PUBLIC_FIELDS = {
  id: true,
  provider: true,
  label: true,
  last4: true,
  createdAt: true,
  createdBy: true,
  rotatedAt: true,
  rotatedBy: true,
} as const;

function requireProvider(id: string): ProviderDef {
  const def = provider(id);
  if (!def) throw new AppError("VALIDATION", "Choose a provider from the list.", { field: "provider" });
  return def;
}

function checkKeyShape(key: string) {
  if (key.length < 8 || key.length > 4096 || /\s/.test(key)) {
    throw new AppError("VALIDATION", "That does not look like an API key (no spaces, 8 to 4096 characters).", { field: "key" });
  }
}

export async function listCredentials(actor: Actor) {
  assertCan(actor.role, "providers.view");
  return withWorkspace(actor.workspaceId, (tx) =>
    tx.providerCredential.findMany({
      where: { workspaceId: actor.workspaceId },
      select: PUBLIC_FIELDS,
      orderBy: [{ provider: "asc" }, { label: "asc" }],
    }),
  );
}

/**
 * The key to seal for a new credential. A provider that needs none (the built-in mock)
 * gets a random stand-in when the field is left empty, so its row looks like any other.
 */
function newCredentialKey(def: ProviderDef, input: string | undefined): string {
  const key = (input ?? "").trim();
  if (!key && def.keyOptional) return `mock-${randomBytes(12).toString("hex")}`;
  if (!key) throw new AppError("VALIDATION", "Paste the provider's API key.", { field: "key" });
  checkKeyShape(key);
  return key;
}

export async function addCredential(actor: Actor, input: { provider: string; label?: string; key?: string; password?: string; code?: string }) {
  assertCan(actor.role, "providers.manage");
  const def = requireProvider(input.provider);
  const key = newCredentialKey(def, input.key);
  await requireRecentAuth(actor, input.password, input.code);
  const id = randomUUID();
  const bytes = encoder.encode(key);
  const sealedKey = await seal(scopeOf(actor.workspaceId), bindingOf(id, def.id), bytes);
  await wipe(bytes);
  const label = (input.label ?? "").trim();
  return withWorkspace(actor.workspaceId, async (tx) => {
    const exists = await tx.providerCredential.findFirst({ where: { workspaceId: actor.workspaceId, provider: def.id, label } });
    if (exists) throw new AppError("CONFLICT", "A credential with this label exists for this provider: replace it instead.", { field: "label" });
    const row = await tx.providerCredential.create({
      data: { id, workspaceId: actor.workspaceId, provider: def.id, label, sealedKey, masterKeyId: envelopeKeyId(sealedKey), last4: key.slice(-4), createdBy: actor.userId },
      select: PUBLIC_FIELDS,
    });
    await recordAudit(tx, actor.workspaceId, {
      action: "credential.created",
      actor,
      target: { type: "credential", id, label: `${def.name}${label ? ` (${label})` : ""} …${row.last4}` },
      ip: actor.ip,
    });
    return row;
  });
}

async function findOwn(tx: Parameters<Parameters<typeof withWorkspace>[1]>[0], actor: Actor, credentialId: string) {
  const row = await tx.providerCredential.findFirst({ where: { id: credentialId, workspaceId: actor.workspaceId } });
  if (!row) throw new AppError("NOT_FOUND", "Credential not found.");
  return row;
}

export async function replaceCredential(actor: Actor, input: { credentialId: string; key: string; password?: string; code?: string }) {
  assertCan(actor.role, "providers.manage");
  const key = input.key.trim();
  checkKeyShape(key);
  await requireRecentAuth(actor, input.password, input.code);
  return withWorkspace(actor.workspaceId, async (tx) => {
    const row = await findOwn(tx, actor, input.credentialId);
    const bytes = encoder.encode(key);
    const sealedKey = await seal(scopeOf(actor.workspaceId), bindingOf(row.id, row.provider), bytes);
    await wipe(bytes);
    const updated = await tx.providerCredential.update({
      where: { id: row.id },
      data: { sealedKey, masterKeyId: envelopeKeyId(sealedKey), last4: key.slice(-4), rotatedAt: new Date(), rotatedBy: actor.userId },
      select: PUBLIC_FIELDS,
    });
    await recordAudit(tx, actor.workspaceId, {
      action: "credential.replaced",
      actor,
      target: { type: "credential", id: row.id, label: `${row.provider} …${updated.last4}` },
      ip: actor.ip,
    });
    return updated;
  });
}

export async function deleteCredential(actor: Actor, input: { credentialId: string; password?: string; code?: string }) {
  assertCan(actor.role, "providers.manage");
  await requireRecentAuth(actor, input.password, input.code);
  await withWorkspace(actor.workspaceId, async (tx) => {
    const row = await findOwn(tx, actor, input.credentialId);
    await tx.providerCredential.delete({ where: { id: row.id } });
    await recordAudit(tx, actor.workspaceId, {
      action: "credential.deleted",
      actor,
      target: { type: "credential", id: row.id, label: `${row.provider} …${row.last4}` },
      ip: actor.ip,
    });
  });
}

/** Opens a credential, hands the bytes to `fn`, and wipes them whatever happens. */
export async function withOpenedCredential<T>(
  workspaceId: string,
  cred: { id: string; provider: string; sealedKey: string },
  fn: (key: Uint8Array) => Promise<T>,
): Promise<T> {
  const key = await open(scopeOf(workspaceId), bindingOf(cred.id, cred.provider), cred.sealedKey);
  try {
    return await fn(key);
  } finally {
    await wipe(key);
  }
}

/**
 * The key as text, for the proxy's opened-key cache: the opened bytes are wiped as soon as
 * the text exists (the HTTP client takes header values as strings only).
 */
export async function openCredentialText(workspaceId: string, cred: { id: string; provider: string; sealedKey: string }): Promise<string> {
  return withOpenedCredential(workspaceId, cred, async (key) => new TextDecoder().decode(key));
}

export async function testStoredCredential(actor: Actor, input: { credentialId: string }): Promise<CredentialTestResult> {
  assertCan(actor.role, "providers.manage");
  const row = await withWorkspace(actor.workspaceId, (tx) => findOwn(tx, actor, input.credentialId));
  const result = await withOpenedCredential(actor.workspaceId, row, (key) => testCredential(row.provider, key));
  await withWorkspace(actor.workspaceId, (tx) =>
    recordAudit(tx, actor.workspaceId, {
      action: "credential.tested",
      actor,
      target: { type: "credential", id: row.id, label: `${row.provider} …${row.last4}` },
      ip: actor.ip,
      details: { ok: result.ok, status: result.status ?? null },
    }),
  );
  return result;
}

export type RotationReport = { workspaces: number; resealed: number; alreadyCurrent: number; skipped: number };

/**
 * Re-seals every credential under the active master key, one workspace and one batch
 * at a time. Online: opening works with old and new keys throughout, and a row
 * changed meanwhile (already under the active key) is left as it is.
 */
export async function rotateAllCredentials(
  opts: { batchSize?: number; workspaceIds?: string[]; onProgress?: (r: RotationReport) => void } = {},
) {
  const batchSize = opts.batchSize ?? 100;
  const active = (await masterKeys()).active.id;
  const report: RotationReport = { workspaces: 0, resealed: 0, alreadyCurrent: 0, skipped: 0 };
  for (const workspaceId of opts.workspaceIds ?? (await listAllWorkspaceIds())) {
    report.workspaces++;
    report.alreadyCurrent += await withWorkspace(workspaceId, (tx) =>
      tx.providerCredential.count({ where: { workspaceId, masterKeyId: active } }),
    );
    for (;;) {
      const batch = await withWorkspace(workspaceId, (tx) =>
        tx.providerCredential.findMany({
          where: { workspaceId, masterKeyId: { not: active } },
          select: { id: true, provider: true, sealedKey: true },
          take: batchSize,
        }),
      );
      if (!batch.length) break;
      await withWorkspace(workspaceId, async (tx) => {
        for (const row of batch) {
          const fresh = await resealIfStale(scopeOf(workspaceId), bindingOf(row.id, row.provider), row.sealedKey);
          if (!fresh) continue;
          const r = await tx.providerCredential.updateMany({
            where: { id: row.id, sealedKey: row.sealedKey },
            data: { sealedKey: fresh, masterKeyId: envelopeKeyId(fresh) },
          });
          if (r.count === 1) report.resealed++;
          else report.skipped++;
        }
      });
      opts.onProgress?.(report);
    }
  }
  return report;
}
