import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorkspaceAction } from "../../lib/actions/registry";
import { publishRuntimeEnv } from "../../lib/env";
import { principalOf, workspaceFixture } from "../support/workspace-fixture";

/**
 * "Test" makes one authenticated call to the provider. Here the provider is a local
 * upstream speaking OpenAI's and Anthropic's authentication for GET /models.
 */
const GOOD = "sk-good-key-0123456789";
let server: Server;
const seen: { path: string; auth?: string; apiKey?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? "", auth: req.headers.authorization, apiKey: req.headers["x-api-key"] as string | undefined });
    const ok = req.headers.authorization === `Bearer ${GOOD}` || req.headers["x-api-key"] === GOOD;
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(ok ? JSON.stringify({ object: "list", data: [] }) : JSON.stringify({ error: { message: "bad key", type: "invalid_request_error" } }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  publishRuntimeEnv({ AURIKO_PROVIDER_OPENAI_BASE_URL: base, AURIKO_PROVIDER_ANTHROPIC_BASE_URL: base });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("testing a stored credential", () => {
  it("reports a working key and a rejected key, sending the key only as the provider's auth header", async () => {
    const f = await workspaceFixture("Cred test");
    const owner = principalOf(f.owner);
    const add = async (provider: string, key: string, label: string) => {
      const r = await runWorkspaceAction("providers.add", owner, f.workspace.slug, { provider, key, label, password: f.owner.password });
      return (r as { data: { id: string } }).data.id;
    };
    const good = await add("openai", GOOD, "good");
    const bad = await add("openai", "sk-wrong-key-000000000", "bad");
    const anthropic = await add("anthropic", GOOD, "claude");

    expect(await runWorkspaceAction("providers.test", owner, f.workspace.slug, { credentialId: good })).toEqual({ ok: true, data: { ok: true, status: 200 } });
    expect(await runWorkspaceAction("providers.test", owner, f.workspace.slug, { credentialId: bad })).toEqual({
      ok: true,
      data: { ok: false, status: 401, reason: "The provider rejected this key." },
    });
    expect(await runWorkspaceAction("providers.test", owner, f.workspace.slug, { credentialId: anthropic })).toMatchObject({ data: { ok: true } });
    expect(seen.map((s) => s.path)).toEqual(["/v1/models", "/v1/models", "/v1/models"]);
    expect(seen[0]!.auth).toBe(`Bearer ${GOOD}`);
    expect(seen[2]).toMatchObject({ apiKey: GOOD, auth: undefined });

    const audit = await runWorkspaceAction("audit.list", owner, f.workspace.slug, { action: "credential.tested" });
    expect(JSON.stringify(audit)).not.toContain(GOOD);
  });
});
