/**
 * Bundled for the edge-runtime sandbox by tests/integration/edge-runtime.test.ts:
 * the proxy core with in-memory stores and the built-in mock provider.
 */
import { createProxy } from "../../lib/proxy/core";
import { mockProvider } from "../../lib/proxy/providers/mock";
import type { UsageRecord } from "../../lib/proxy/types";

const KEY = "ak_live_EdgeEdgeEdgeEdgeEdgeEdgeEdgeEdge";
const usage: UsageRecord[] = [];
const handle = createProxy({
  authenticate: async (k) => (k === KEY ? { id: "00000000-0000-4000-8000-000000000001", workspaceId: "00000000-0000-4000-8000-000000000002" } : null),
  authGuard: { check: async () => ({ blocked: false }), fail: async () => {} },
  providers: {
    get: (id) => (id === "mock" ? { id: "mock", name: "Mock", protocol: "mock", baseUrl: "builtin:mock", models: ["echo"], endpoints: ["chat.completions", "responses", "messages", "messages.count_tokens", "embeddings"] } : undefined),
    configured: async () => ["mock"],
  },
  allowedOrigins: async () => [],
  withCredential: async () => null,
  transport: async (r) => {
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body as string });
    return { status: res.status, headers: res.headers, body: res.body };
  },
  mock: mockProvider,
  meter: (u) => usage.push(u),
  log: () => {},
  limits: { maxBodyBytes: 1024 * 1024, connectTimeoutMs: 10_000, idleTimeoutMs: 10_000 },
  now: () => Date.now(),
});

(globalThis as Record<string, unknown>).__auriko = {
  key: KEY,
  usage,
  call: (path: string, init: RequestInit) => handle(new Request(`http://edge.local/api/v1/${path}`, init), { clientIp: "203.0.113.1", path }),
};
