import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { runWorkspaceAction } from "../../lib/actions/registry";
import { addCredential, rotateAllCredentials, withOpenedCredential } from "../../lib/credentials";
import { authenticateApiKey, createApiKey, KEY_CACHE_TTL_MS, looksLikeApiKey, revokeApiKey } from "../../lib/keys";
import { createSession } from "../../lib/auth/sessions";
import { withWorkspace } from "../../lib/db";
import { env, publishRuntimeEnv } from "../../lib/env";
import { envelopeKeyId, keyIdOf } from "../../lib/vault";
import { resolveActor } from "../../lib/workspaces/context";
import { connect, superDbUrl } from "../support/db";
import { elevatedPrincipalOf, principalOf, workspaceFixture } from "../support/workspace-fixture";

/** Every row of every table, as the superuser sees it (a backup would hold the same). */
async function databaseDump(): Promise<string> {
  const c = await connect(superDbUrl());
  try {
    const tables = await c.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'");
    const parts: string[] = [];
    for (const { t } of tables.rows) {
      const rows = await c.query(`SELECT row_to_json(x)::text AS j FROM ${c.escapeIdentifier(t)} x`);
      parts.push(...rows.rows.map((r) => r.j as string));
    }
    return parts.join("\n");
  } finally {
    await c.end();
  }
}

function forms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("base64url"), Buffer.from(secret).toString("hex")];
}

describe("provider credentials at rest", () => {
  it("the database and every console response hold no provider key in plaintext", async () => {
    const f = await workspaceFixture("Canary");
    const canary = `sk-canary-${randomBytes(12).toString("hex")}`;
    const owner = await elevatedPrincipalOf(f.owner);
    const responses = [
      await runWorkspaceAction("providers.add", owner, f.workspace.slug, { provider: "openai", label: "canary", key: canary, password: f.owner.password }),
      await runWorkspaceAction("providers.list", owner, f.workspace.slug, {}),
      await runWorkspaceAction("providers.list", await elevatedPrincipalOf(f.member), f.workspace.slug, {}),
      await runWorkspaceAction("audit.list", owner, f.workspace.slug, {}),
    ];
    const added = responses[0]!;
    expect(added.ok).toBe(true);
    const credentialId = (added as { data: { id: string } }).data.id;
    const replacement = `sk-canary-${randomBytes(12).toString("hex")}`;
    responses.push(
      await runWorkspaceAction("providers.replace", owner, f.workspace.slug, { credentialId, key: replacement, password: f.owner.password }),
      await runWorkspaceAction("providers.list", owner, f.workspace.slug, {}),
    );
    const dump = await databaseDump();
    const text = JSON.stringify(responses);
    for (const secret of [canary, replacement]) {
      for (const form of forms(secret)) {
        expect(dump.includes(form), `database holds ${form.slice(0, 12)}…`).toBe(false);
        expect(text.includes(form), `a response holds ${form.slice(0, 12)}…`).toBe(false);
      }
    }
    // Only the last four characters are kept for display.
    expect(text).toContain(replacement.slice(-4));
  });

  it("re-entering the password is required unless the session confirmed it in the last minutes", async () => {
    const f = await workspaceFixture("Reauth");
    const session = await createSession(f.admin.id, {});
    const admin = { ...principalOf(f.admin), sessionId: session.id };
    const add = (extra: Record<string, string>) =>
      runWorkspaceAction("providers.add", admin, f.workspace.slug, { provider: "groq", label: randomUUID().slice(0, 8), key: "gsk_test_key_1234", ...extra });
    expect(await add({})).toMatchObject({ ok: false, error: { code: "REAUTH_REQUIRED" } });
    expect(await add({ password: "wrong password!!" })).toMatchObject({ ok: false, error: { code: "WRONG_PASSWORD" } });
    expect(await add({ password: f.admin.password })).toMatchObject({ ok: true });
    expect(await add({})).toMatchObject({ ok: true });
    const credentials = await withWorkspace(f.workspace.id, (tx) => tx.providerCredential.count({ where: { provider: "groq" } }));
    expect(credentials).toBe(2);
  });

  it("workspace A cannot list, open, replace, test or delete B's credentials or API keys by id", async () => {
    const f = await workspaceFixture("Cross");
    const b = await workspaceFixture("Cross B");
    const aOwner = await elevatedPrincipalOf(f.owner);
    const bCred = b.credential.id;
    const bKey = b.targetKey.record.id;
    const attempts = [
      await runWorkspaceAction("providers.replace", aOwner, f.workspace.slug, { credentialId: bCred, key: "sk-stolen-000000", password: f.owner.password }),
      await runWorkspaceAction("providers.delete", aOwner, f.workspace.slug, { credentialId: bCred, password: f.owner.password }),
      await runWorkspaceAction("providers.test", aOwner, f.workspace.slug, { credentialId: bCred }),
      await runWorkspaceAction("apiKeys.revoke", aOwner, f.workspace.slug, { apiKeyId: bKey }),
    ];
    expect(attempts.map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
    const listed = await runWorkspaceAction("providers.list", aOwner, f.workspace.slug, {});
    expect(JSON.stringify(listed)).not.toContain(bCred);
    const keys = await runWorkspaceAction("apiKeys.list", aOwner, f.workspace.slug, {});
    expect(JSON.stringify(keys)).not.toContain(bKey);
    const bState = await withWorkspace(b.workspace.id, async (tx) => ({
      cred: await tx.providerCredential.findUnique({ where: { id: bCred }, select: { last4: true, rotatedAt: true } }),
      key: await tx.apiKey.findUnique({ where: { id: bKey }, select: { revokedAt: true } }),
    }));
    expect(bState).toEqual({ cred: { last4: b.credential.last4, rotatedAt: null }, key: { revokedAt: null } });
    // And B's sealed key does not open under A's scope.
    const row = await withWorkspace(b.workspace.id, (tx) => tx.providerCredential.findUniqueOrThrow({ where: { id: bCred } }));
    await expect(withOpenedCredential(f.workspace.id, row, async () => "opened")).rejects.toMatchObject({ code: "AUTH_FAILED" });
  });

  it("deleting a workspace destroys its credentials and keys", async () => {
    const f = await workspaceFixture("Doomed");
    expect((await runWorkspaceAction("workspace.delete", await elevatedPrincipalOf(f.owner), f.workspace.slug, { confirmSlug: f.workspace.slug })).ok).toBe(true);
    const c = await connect(superDbUrl());
    const left = await c.query(
      "SELECT (SELECT count(*) FROM provider_credentials WHERE workspace_id = $1)::int AS creds, (SELECT count(*) FROM api_keys WHERE workspace_id = $1)::int AS keys",
      [f.workspace.id],
    );
    await c.end();
    expect(left.rows[0]).toEqual({ creds: 0, keys: 0 });
  });
});

describe("master key rotation", () => {
  const original = { key: "", previous: "" };
  afterEach(() => publishRuntimeEnv({ AURIKO_MASTER_KEY: original.key, AURIKO_MASTER_KEYS_PREVIOUS: original.previous }));

  it("after vault:rotate every credential opens under the new key and the old key can be retired", async () => {
    original.key = env().AURIKO_MASTER_KEY!;
    original.previous = env().AURIKO_MASTER_KEYS_PREVIOUS;
    const f = await workspaceFixture("Rotate");
    const actor = await resolveActor({ ...principalOf(f.owner), operator: true }, f.workspace.slug);
    for (let i = 0; i < 5; i++) await addCredential(actor, { provider: "mistral", label: `k${i}`, key: `mistral-key-${i}-abcdef` });

    const next = randomBytes(32).toString("base64");
    publishRuntimeEnv({ AURIKO_MASTER_KEY: next, AURIKO_MASTER_KEYS_PREVIOUS: original.key });
    // Limited to this test's workspaces: other test files run in parallel under the old key.
    const report = await rotateAllCredentials({ batchSize: 2, workspaceIds: [f.workspace.id, f.other.workspace.id] });
    expect(report).toMatchObject({ workspaces: 2, resealed: 6, skipped: 0 });
    expect((await rotateAllCredentials({ workspaceIds: [f.workspace.id] })).resealed).toBe(0);

    publishRuntimeEnv({ AURIKO_MASTER_KEY: next, AURIKO_MASTER_KEYS_PREVIOUS: "" });
    const rows = await withWorkspace(f.workspace.id, (tx) => tx.providerCredential.findMany());
    const newId = await keyIdOf(new Uint8Array(Buffer.from(next, "base64")));
    for (const row of rows) {
      expect(envelopeKeyId(row.sealedKey)).toBe(newId);
      expect(row.masterKeyId).toBe(newId);
      const opened = await withOpenedCredential(f.workspace.id, row, async (k) => Buffer.from(k).toString());
      expect(opened.endsWith(row.last4)).toBe(true);
    }
  });
});

describe("workspace API keys", () => {
  it("are shown once, stored as a hash, and authenticate only to their own workspace", async () => {
    const f = await workspaceFixture("Keys");
    const actor = await resolveActor(await elevatedPrincipalOf(f.member), f.workspace.slug);
    const { key, record } = await createApiKey(actor, { name: "ci" });
    expect(looksLikeApiKey(key)).toBe(true);
    expect(key).toMatch(/^ak_live_[0-9A-Za-z]{32}$/);
    expect(await authenticateApiKey(key)).toEqual({ id: record.id, workspaceId: f.workspace.id });
    const dump = await databaseDump();
    expect(dump.includes(key)).toBe(false);
    expect(dump.includes(key.slice(8))).toBe(false);
    expect(await authenticateApiKey(key.slice(0, -1) + (key.endsWith("a") ? "b" : "a"))).toBeNull();
    expect(await authenticateApiKey("sk-not-ours")).toBeNull();
  });

  it("revocation is immediate on this instance and within the cache bound on others; expiry is enforced", async () => {
    const f = await workspaceFixture("Revoke");
    const actor = await resolveActor(await elevatedPrincipalOf(f.member), f.workspace.slug);
    const { key, record } = await createApiKey(actor, { name: "svc" });
    const t0 = Date.now();
    expect(await authenticateApiKey(key, t0)).not.toBeNull();
    // Another instance revokes it (straight in the database: this cache is not told).
    await withWorkspace(f.workspace.id, (tx) => tx.apiKey.update({ where: { id: record.id }, data: { revokedAt: new Date() } }));
    expect(await authenticateApiKey(key, t0 + 1)).not.toBeNull();
    expect(await authenticateApiKey(key, t0 + KEY_CACHE_TTL_MS + 1)).toBeNull();

    // A key in steady use is looked up again in the background before its entry runs out:
    // the request that finds it old still gets the cached answer, and the revocation made
    // elsewhere shows on the next request once that lookup is back.
    const busy = await createApiKey(actor, { name: "busy" });
    const t1 = Date.now();
    expect(await authenticateApiKey(busy.key, t1)).not.toBeNull();
    await withWorkspace(f.workspace.id, (tx) => tx.apiKey.update({ where: { id: busy.record.id }, data: { revokedAt: new Date() } }));
    const late = t1 + KEY_CACHE_TTL_MS - 500;
    expect(await authenticateApiKey(busy.key, late)).not.toBeNull();
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      await new Promise((r) => setTimeout(r, 20));
      refused = (await authenticateApiKey(busy.key, late + 1)) === null;
    }
    expect(refused).toBe(true);

    const second = await createApiKey(actor, { name: "svc2" });
    expect(await authenticateApiKey(second.key)).not.toBeNull();
    await revokeApiKey(actor, { apiKeyId: second.record.id });
    expect(await authenticateApiKey(second.key)).toBeNull();

    const expiring = await createApiKey(actor, { name: "short", expiresInDays: 1 });
    expect(await authenticateApiKey(expiring.key)).not.toBeNull();
    expect(await authenticateApiKey(expiring.key, Date.now() + 86_400_000 + 1000)).toBeNull();
  });

  it("members manage only their own keys; admins manage all", async () => {
    const f = await workspaceFixture("Key roles");
    const member = await elevatedPrincipalOf(f.member);
    const own = await runWorkspaceAction("apiKeys.create", member, f.workspace.slug, { name: "mine" });
    const listed = await runWorkspaceAction("apiKeys.list", member, f.workspace.slug, {});
    expect((listed as { data: { name: string }[] }).data.map((k) => k.name)).toEqual(["mine"]);
    const ownId = (own as { data: { record: { id: string } } }).data.record.id;
    expect((await runWorkspaceAction("apiKeys.revoke", member, f.workspace.slug, { apiKeyId: ownId })).ok).toBe(true);
    const all = await runWorkspaceAction("apiKeys.list", await elevatedPrincipalOf(f.admin), f.workspace.slug, {});
    expect((all as { data: unknown[] }).data.length).toBe(2);
  });
});
