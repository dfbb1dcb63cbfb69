import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../lib/db";
import { processMeter } from "../../lib/usage/meter";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;
beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Usage");
});
afterAll(() => h.close());

const rows = async () => {
  await processMeter().flush();
  return withWorkspace(t.workspaceId, (tx) => tx.usageEvent.findMany({ orderBy: { createdAt: "asc" } }));
};

describe("usage metadata", () => {
  it("records correct token counts for non-streamed and streamed calls, and nothing else", async () => {
    const openai = new OpenAI({ apiKey: t.apiKey, baseURL: `${h.origin}/api/v1`, maxRetries: 0 });
    const anthropic = new Anthropic({ apiKey: t.apiKey, baseURL: `${h.origin}/api`, maxRetries: 0 });
    const plain = await openai.chat.completions.create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "count these words please" }] });
    let streamedUsage: OpenAI.CompletionUsage | undefined;
    const stream = await openai.chat.completions.create({
      model: "openai/gpt-4o-mini",
      messages: [{ role: "user", content: "and these streamed words" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const c of stream) if (c.usage) streamedUsage = c.usage;
    const hidden = await openai.chat.completions.create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "usage not asked" }], stream: true });
    for await (const c of hidden) void c;
    const msg = await anthropic.messages.create({ model: "anthropic/claude-haiku-4-5", max_tokens: 64, messages: [{ role: "user", content: "claude counts" }] });
    const translated = await openai.chat.completions.create({ model: "anthropic/claude-haiku-4-5", messages: [{ role: "user", content: "translated stream" }], stream: true, stream_options: { include_usage: true } });
    let translatedUsage: OpenAI.CompletionUsage | undefined;
    for await (const c of translated) if (c.usage) translatedUsage = c.usage;
    await openai.chat.completions.create({ model: "openai/error-500", messages: [{ role: "user", content: "x" }] }).catch(() => {});

    const r = await rows();
    expect(r.map((x) => [x.provider, x.model, x.endpoint, x.status, x.stream])).toEqual([
      ["openai", "openai/gpt-4o-mini", "chat.completions", 200, false],
      ["openai", "openai/gpt-4o-mini", "chat.completions", 200, true],
      ["openai", "openai/gpt-4o-mini", "chat.completions", 200, true],
      ["anthropic", "anthropic/claude-haiku-4-5", "messages", 200, false],
      ["anthropic", "anthropic/claude-haiku-4-5", "chat.completions", 200, true],
      ["openai", "openai/error-500", "chat.completions", 500, false],
    ]);
    expect([r[0]!.promptTokens, r[0]!.completionTokens]).toEqual([plain.usage!.prompt_tokens, plain.usage!.completion_tokens]);
    expect([r[1]!.promptTokens, r[1]!.completionTokens]).toEqual([streamedUsage!.prompt_tokens, streamedUsage!.completion_tokens]);
    expect(r[2]!.completionTokens).toBeGreaterThan(0); // read from the usage chunk the client never saw
    expect([r[3]!.promptTokens, r[3]!.completionTokens]).toEqual([msg.usage.input_tokens, msg.usage.output_tokens]);
    expect([r[4]!.promptTokens, r[4]!.completionTokens]).toEqual([translatedUsage!.prompt_tokens, translatedUsage!.completion_tokens]);
    for (const row of r.slice(0, 5)) {
      expect(row.estimated).toBe(false);
      expect(row.totalTokens).toBe(row.promptTokens + row.completionTokens);
      expect(row.latencyMs).toBeGreaterThan(0);
      expect(row.overheadMs).toBeGreaterThanOrEqual(0);
      expect(row.overheadMs).toBeLessThanOrEqual(row.latencyMs);
    }
    expect(r[1]!.ttfbMs).not.toBeNull();
    expect(r[5]!.errorType).toBe("server_error");
  });

  it("answers carry a Server-Timing header with the gateway's overhead", async () => {
    const res = await fetch(`${h.origin}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "timing" }] }),
    });
    expect(res.headers.get("server-timing")).toMatch(/^gateway;dur=\d+(\.\d+)?$/);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("streams and errors are never cached or content-sniffed either", async () => {
    const stream = await fetch(`${h.origin}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openai/gpt-4o-mini", stream: true, messages: [{ role: "user", content: "headers" }] }),
    });
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.headers.get("x-content-type-options")).toBe("nosniff");
    await stream.text();
    const refused = await fetch(`${h.origin}/api/v1/chat/completions`, { method: "POST", body: "{}" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("a client that leaves cancels the provider call, before the answer and mid-stream, and is metered as 499", async () => {
    const before = (await rows()).length;
    const abortedBefore = h.mock.aborted;
    const call = (model: string) => {
      const client = new AbortController();
      const response = fetch(`${h.origin}/api/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "leaving early" }] }),
        signal: client.signal,
      });
      return { client, response };
    };
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(ok()).toBe(true);
    };

    // The provider never answers: the client gives up waiting for headers.
    const hung = call("openai/gpt-hang");
    await until(() => h.mock.requests.some((r) => (r.body as { model?: string } | null)?.model === "gpt-hang"));
    hung.client.abort();
    await expect(hung.response).rejects.toThrow();
    await until(() => h.mock.aborted === abortedBefore + 1);

    // A slow stream: the client reads the first chunk, then leaves.
    const slow = call("openai/gpt-slow");
    const res = await slow.response;
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    slow.client.abort();
    await until(() => h.mock.aborted === abortedBefore + 2);

    let r = await rows();
    for (let i = 0; i < 50 && r.length < before + 2; i++) {
      await new Promise((done) => setTimeout(done, 50));
      r = await rows();
    }
    const left = r.slice(before);
    expect(left.map((x) => x.status)).toEqual([499, 499]);
    expect(left[1]!.errorType).toBe("client_abort");
  });
});

describe("refused requests", () => {
  it("are metered with their error type and no tokens, and never counted as the provider's outcome", async () => {
    const before = (await rows()).length;
    const upstreamBefore = h.mock.requests.length;
    const send = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${h.origin}/api/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json", ...headers },
        body,
      });
    const msg = [{ role: "user", content: "x" }];
    const answers = [
      await send("{not json"),
      await send(JSON.stringify({ model: "nope/model", messages: msg })),
      await send(JSON.stringify({ model: "openai/gpt-4o-mini", messages: msg, not_a_param: 1 })),
      await send(JSON.stringify({ model: "openai/gpt-4o-mini", messages: msg, metadata: { k: "sk-proj-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" } })),
      await send(JSON.stringify({ model: "openai/gpt-4o-mini", messages: msg }), { "x-provider-token": "abc" }),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 404, 400, 400, 400]);
    expect(h.mock.requests.length).toBe(upstreamBefore);
    const r = (await rows()).slice(before);
    expect(r.map((x) => [x.status, x.errorType, x.provider, x.model])).toEqual([
      [400, "invalid_json", "none", ""],
      [404, "model_not_found", "none", ""],
      [400, "unknown_parameter", "openai", "openai/gpt-4o-mini"],
      [400, "credential_in_body", "openai", "openai/gpt-4o-mini"],
      [400, "credential_header", "none", ""],
    ]);
    for (const row of r) expect([row.promptTokens, row.completionTokens, row.totalTokens, row.estimated]).toEqual([0, 0, 0, false]);
  });
});

describe("x-request-id", () => {
  it("is on every answer, success, refusal and stream alike, and is the usage row's request id", async () => {
    const send = (body: unknown, key = t.apiKey) =>
      fetch(`${h.origin}/api/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const ok = await send({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "id please" }] });
    const streamed = await send({ model: "openai/gpt-4o-mini", stream: true, messages: [{ role: "user", content: "id please" }] });
    await streamed.text();
    const refused = await send({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "x" }], bogus: 1 });
    const unauthenticated = await send({ model: "openai/gpt-4o-mini", messages: [] }, "ak_live_wrong");
    const ids = [ok, streamed, refused, unauthenticated].map((r) => r.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(4);
    const r = await rows();
    const stored = new Map(r.map((x) => [x.requestId, x]));
    expect(stored.get(ids[0]!)?.status).toBe(200);
    expect(stored.get(ids[1]!)?.stream).toBe(true);
    expect(stored.get(ids[2]!)?.errorType).toBe("unknown_parameter");
    // A key that does not authenticate belongs to no workspace: no row anywhere.
    expect(stored.has(ids[3]!)).toBe(false);
  });
});
