import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialReader } from "../../lib/credentials";
import { withWorkspace } from "../../lib/db";
import type { ProviderSignal } from "../../lib/status/public";
import { isolateProviderSignal } from "../support/provider-signal";
import { processMeter } from "../../lib/usage/meter";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/**
 * A stored provider key that cannot be opened (altered in the database, copied from
 * another workspace, or sealed under a master key this server does not hold) is named as
 * such to the client, is a security event in the workspace's audit log, is sent nowhere,
 * and does not count against the provider on the public status page.
 */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let signal: ProviderSignal;
let restore: () => void = () => {};

beforeAll(async () => {
  h = await startProxyHarness();
  ({ signal, restore } = isolateProviderSignal());
});
afterAll(async () => {
  restore();
  await h?.close();
});

const sealedOf = (t: Tenant, provider: string) =>
  withWorkspace(t.workspaceId, (tx) => tx.providerCredential.findFirstOrThrow({ where: { workspaceId: t.workspaceId, provider } }));
const setSealed = (t: Tenant, provider: string, sealedKey: string) =>
  withWorkspace(t.workspaceId, (tx) => tx.providerCredential.updateMany({ where: { workspaceId: t.workspaceId, provider }, data: { sealedKey } }));

/** The envelope `v1.<keyId>.<nonce>.<box>` with one character of its ciphertext changed. */
function tamper(envelope: string): string {
  const parts = envelope.split(".");
  const box = parts[3]!;
  const i = Math.floor(box.length / 2);
  parts[3] = box.slice(0, i) + (box[i] === "A" ? "B" : "A") + box.slice(i + 1);
  return parts.join(".");
}

async function chat(t: Tenant, model = "openai/gpt-4o-mini") {
  const res = await fetch(`${h.origin}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }),
  });
  return { status: res.status, body: await res.json() };
}

const auditOf = (t: Tenant) =>
  withWorkspace(t.workspaceId, (tx) => tx.auditEvent.findMany({ where: { workspaceId: t.workspaceId, action: "credential.unreadable" } }));

describe("a stored key that cannot be opened", () => {
  const cases: [string, (t: Tenant, other: Tenant) => Promise<void>, string][] = [
    ["altered ciphertext", async (t) => void (await setSealed(t, "openai", tamper((await sealedOf(t, "openai")).sealedKey))), "AUTH_FAILED"],
    ["transplanted from another workspace", async (t, other) => void (await setSealed(t, "openai", (await sealedOf(other, "openai")).sealedKey)), ""],
    [
      "sealed under a master key this server does not hold",
      async (t) => {
        const parts = (await sealedOf(t, "openai")).sealedKey.split(".");
        parts[1] = "0".repeat(parts[1]!.length);
        await setSealed(t, "openai", parts.join("."));
      },
      "UNKNOWN_KEY",
    ],
  ];

  it.each(cases)("%s: a clear 500 credential_unreadable, one audit event, nothing upstream, not a provider failure", async (name, spoil, reason) => {
    const t = await h.tenant(`Vault ${name}`);
    const other = await h.tenant(`Vault other ${name}`);
    await spoil(t, other);
    const upstreamBefore = h.mock.requests.length;
    const signalBefore = signal.pending().get("openai") ?? { requests: 0, errors: 0 };

    for (let i = 0; i < 3; i++) {
      const { status, body } = await chat(t);
      expect(status).toBe(500);
      expect(body.error.code).toBe("credential_unreadable");
      expect(body.error.message).toContain("stored OpenAI key could not be opened");
      expect(body.error.message).not.toMatch(/reach/i);
    }
    expect(h.mock.requests.length).toBe(upstreamBefore);

    // The other providers of the same workspace still work.
    expect((await chat(t, "anthropic/claude-sonnet-4-5")).status).toBe(200);
    // The other workspace, whose key was copied, is unaffected.
    expect((await chat(other)).status).toBe(200);

    await expect.poll(async () => (await auditOf(t)).length, { timeout: 5_000 }).toBe(1);
    const [event] = await auditOf(t);
    expect(event!.targetType).toBe("credential");
    expect(event!.targetLabel).toBe("openai");
    if (reason) expect(event!.details).toMatchObject({ reason });
    expect(JSON.stringify(event)).not.toContain(t.providerKeys.openai);

    // Metered as the vault's failure; the provider's public health is not touched by it.
    await processMeter().flush();
    const usage = await withWorkspace(t.workspaceId, (tx) => tx.usageEvent.findMany({ where: { workspaceId: t.workspaceId, provider: "openai" } }));
    expect(usage.map((u) => [u.status, u.errorType])).toEqual([
      [500, "credential_unreadable"],
      [500, "credential_unreadable"],
      [500, "credential_unreadable"],
    ]);
    const signalAfter = signal.pending().get("openai") ?? { requests: 0, errors: 0 };
    expect(signalAfter.errors).toBe(signalBefore.errors);
    expect(signalAfter.requests).toBe(signalBefore.requests + 1); // the other workspace's request
  });

  it("a key entered again replaces the unreadable one and serves at once", async () => {
    const t = await h.tenant("Vault recovered");
    await setSealed(t, "openai", tamper((await sealedOf(t, "openai")).sealedKey));
    expect((await chat(t)).status).toBe(500);
    const { addCredential } = await import("../../lib/credentials");
    const { resolveActor } = await import("../../lib/workspaces/context");
    await withWorkspace(t.workspaceId, (tx) => tx.providerCredential.deleteMany({ where: { workspaceId: t.workspaceId, provider: "openai" } }));
    const actor = await resolveActor({ ...t.owner, operator: true }, t.slug);
    await addCredential(actor, { provider: "openai", key: "sk-recovered-0123456789" });
    // Within the envelope cache's 5 seconds.
    await expect.poll(async () => (await chat(t)).status, { timeout: 7_000, interval: 500 }).toBe(200);
    expect(h.mock.requests.at(-1)!.headers.authorization).toBe("Bearer sk-recovered-0123456789");
  });
});

describe("opened keys in memory", () => {
  it("a workspace's key is opened once and then served from the one cache entry", async () => {
    const t = await h.tenant("Vault cache");
    const read = createCredentialReader();
    try {
      const seen: string[] = [];
      for (let i = 0; i < 20; i++) await read(t.workspaceId, "openai", async (key) => void seen.push(key));
      expect(new Set(seen)).toEqual(new Set([t.providerKeys.openai]));
      expect(read.stats.opened).toBe(1);
      await read(t.workspaceId, "anthropic", async () => undefined);
      expect(read.stats.opened).toBe(2);
      expect(await read(t.workspaceId, "together", async () => "unused")).toBeNull();
    } finally {
      read.close();
    }
  });
});
