import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { publishRuntimeEnv } from "../../lib/env";
import { stampClientIp } from "../../lib/http/client-ip";
import { addCredential } from "../../lib/credentials";
import { createApiKey } from "../../lib/keys";
import { processMeter } from "../../lib/usage/meter";
import { processLimits } from "../../lib/limits";
import { resolveActor, type Principal } from "../../lib/workspaces/context";
import { startMockUpstream, type MockUpstream } from "../../server/mock-upstream";
import { createProxyHost } from "../../server/proxy-host";
import { makeWorkspace } from "./fixtures";
import { principalOf } from "./workspace-fixture";

/**
 * The production server's proxy fast path on a random port, in front of the local
 * mock upstream (which speaks OpenAI's and Anthropic's wire formats), with a
 * workspace holding a provider key per provider and a workspace API key.
 */
export type Tenant = { workspaceId: string; slug: string; apiKey: string; providerKeys: Record<string, string>; owner: Principal };

/** `upstream`: send provider traffic to another process's mock (two instances, one upstream). */
export async function startProxyHarness(opts: { upstream?: { openaiBaseUrl: string; anthropicBaseUrl: string } } = {}) {
  const mock = await startMockUpstream();
  const upstream = opts.upstream ?? mock;
  publishRuntimeEnv({
    AURIKO_PROVIDER_OPENAI_BASE_URL: upstream.openaiBaseUrl,
    AURIKO_PROVIDER_ANTHROPIC_BASE_URL: upstream.anthropicBaseUrl,
    AURIKO_PROVIDER_GROQ_BASE_URL: upstream.openaiBaseUrl,
    AURIKO_PROXY_IDLE_TIMEOUT_MS: "3000",
  });
  const host = createProxyHost();
  const server: Server = createServer((req, res) => {
    const clientIp = stampClientIp(req);
    if (host.handles(req)) void host.handle(req, res, clientIp);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function tenant(name: string): Promise<Tenant> {
    const { workspace, owner } = await makeWorkspace(name);
    const actor = await resolveActor({ ...principalOf(owner), operator: true }, workspace.slug);
    const providerKeys: Record<string, string> = {};
    for (const provider of ["openai", "anthropic", "groq", "mock"]) {
      providerKeys[provider] = `${provider === "anthropic" ? "sk-ant" : "sk"}-${workspace.slug}-${randomBytes(6).toString("hex")}`;
      await addCredential(actor, { provider, key: providerKeys[provider]! });
    }
    const { key } = await createApiKey(actor, { name: "tests" });
    return { workspaceId: workspace.id, slug: workspace.slug, apiKey: key, providerKeys, owner: principalOf(owner) };
  }

  return {
    origin,
    mock: mock as MockUpstream,
    tenant,
    async close() {
      await processMeter().flush();
      await processLimits().flush(true);
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await host.close();
      await mock.close();
    },
  };
}
