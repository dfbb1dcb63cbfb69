import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { addCredential } from "../../lib/credentials";
import { checkMasterKey, keyCheckFailure } from "../../lib/credentials/key-check";
import { withRawContext } from "../../lib/db";
import { sampleSealedCredentials } from "../../lib/db/privileged";
import { env, publishRuntimeEnv } from "../../lib/env";
import { keyIdOf } from "../../lib/vault";
import { resolveActor } from "../../lib/workspaces/context";
import { principalOf, workspaceFixture } from "../support/workspace-fixture";

/**
 * The master-key check's sample (vault_key_check_sample) and verdict against the real
 * database: spread across workspaces, read one tenant context at a time, the caller's
 * context left as it was; and a key ring that opens nothing is told apart from one that opens.
 */
describe("the master key check", () => {
  const original = { key: "", previous: "" };
  afterEach(() => {
    if (original.key) publishRuntimeEnv({ AURIKO_MASTER_KEY: original.key, AURIKO_MASTER_KEYS_PREVIOUS: original.previous });
  });

  it("samples at most the asked number per workspace, across workspaces, and restores the caller's settings", async () => {
    const f = await workspaceFixture("Key check");
    const actor = await resolveActor({ ...principalOf(f.owner), operator: true }, f.workspace.slug);
    for (let i = 0; i < 3; i++) await addCredential(actor, { provider: "mistral", label: `k${i}`, key: `mistral-key-${i}-abcdef` });

    const all = await sampleSealedCredentials(100_000, 2);
    const perWorkspace = new Map<string, number>();
    for (const c of all) perWorkspace.set(c.workspaceId, (perWorkspace.get(c.workspaceId) ?? 0) + 1);
    expect(Math.max(...perWorkspace.values())).toBeLessThanOrEqual(2);
    expect(perWorkspace.get(f.workspace.id)).toBe(2);
    expect(all.every((c) => c.sealedKey.startsWith("v1."))).toBe(true);
    expect((await sampleSealedCredentials(1, 2)).length).toBe(1);

    const after = await withRawContext({ "app.workspace_id": f.other.workspace.id }, async (client) => {
      await client.query("SELECT * FROM vault_key_check_sample(5, 2)");
      return (
        await client.query<{ ws: string; en: string }>(
          "SELECT current_setting('app.workspace_id', true) AS ws, coalesce(current_setting('app.enumerate_workspaces', true), '') AS en",
        )
      ).rows[0];
    });
    expect(after).toEqual({ ws: f.other.workspace.id, en: "" });
  });

  it("opens the sample with the configured key, and reports a key ring that opens none of it by key id only", async () => {
    const f = await workspaceFixture("Key check verdict");
    const actor = await resolveActor({ ...principalOf(f.owner), operator: true }, f.workspace.slug);
    await addCredential(actor, { provider: "groq", label: "", key: "groq-key-abcdef123" });
    const ok = await checkMasterKey();
    expect(ok.state).toBe("ok");
    expect(ok.opened).toBeGreaterThan(0);

    original.key = env().AURIKO_MASTER_KEY!;
    original.previous = env().AURIKO_MASTER_KEYS_PREVIOUS;
    const wrong = randomBytes(32).toString("base64");
    publishRuntimeEnv({ AURIKO_MASTER_KEY: wrong, AURIKO_MASTER_KEYS_PREVIOUS: "" });
    const bad = await checkMasterKey();
    // The sample was sealed under this run's key (a few rows of other tests under keys of their own).
    expect(bad).toMatchObject({ state: "master_key_opens_nothing", opened: 0 });
    expect(bad.sealedUnder).toContain(await keyIdOf(new Uint8Array(Buffer.from(original.key, "base64"))));
    const message = await keyCheckFailure(bad);
    expect(message).toContain(await keyIdOf(new Uint8Array(Buffer.from(wrong, "base64"))));
    expect(message).not.toContain(wrong);
    expect(message).not.toContain(original.key);
  });
});
