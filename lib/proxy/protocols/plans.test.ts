import { describe, expect, it } from "vitest";
import { AbortFlag } from "../abort";
import { tokenCount } from "../exchange";
import type { ProviderInfo } from "../types";
import { upstreamRequest } from "../upstream";
import { anthropicMessages } from "./anthropic-messages";
import { openAIChat } from "./openai-chat";
import { openAIEmbeddings } from "./openai-embeddings";
import { protocolFor } from "./registry";
import type { BodyProtocol } from "./types";

const openai: ProviderInfo = { id: "openai", name: "OpenAI", protocol: "openai", baseUrl: "https://api.example/v1", models: ["gpt-4o-mini"], endpoints: ["chat.completions", "embeddings"] };
const anthropic: ProviderInfo = { id: "anthropic", name: "Anthropic", protocol: "anthropic", baseUrl: "https://anthropic.example/v1", models: ["claude"], endpoints: ["messages", "chat.completions"] };

const planFor = (protocol: BodyProtocol, provider: ProviderInfo, body: Record<string, unknown>) => {
  const planner = provider.protocol === protocol.native ? protocol.plan : protocol.translations[provider.protocol]!;
  return planner({ provider, upstreamModel: String(body.model).split("/").slice(1).join("/"), clientModel: String(body.model), body });
};

describe("the protocol registry", () => {
  it("routes each endpoint path to its wire protocol, and nothing else", () => {
    expect(protocolFor("chat/completions")?.endpoint).toBe("chat.completions");
    expect(protocolFor("messages")?.endpoint).toBe("messages");
    expect(protocolFor("embeddings")?.endpoint).toBe("embeddings");
    expect(protocolFor("models")?.method).toBe("GET");
    for (const p of ["", "chat", "completions", "v1/chat/completions", "embeddings/", "__proto__", "constructor"]) expect(protocolFor(p)).toBeUndefined();
  });
});

describe("OpenAI chat plans", () => {
  it("send the client's body with the provider's model name, and nothing of the client's model", () => {
    const body = { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }], temperature: 0.2 };
    const p = planFor(openAIChat, openai, body);
    expect(p.path).toBe("/chat/completions");
    expect(p.body).toEqual({ model: "gpt-4o-mini", messages: body.messages, temperature: 0.2 });
    expect(body.model).toBe("openai/gpt-4o-mini");
  });

  it("keep a __proto__ key in the body as plain data, never as the copy's prototype", () => {
    const body = JSON.parse('{"model":"openai/gpt-4o-mini","messages":[],"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const p = planFor(openAIChat, openai, body);
    expect(Object.getPrototypeOf(p.body)).toBe(Object.prototype);
    expect((p.body as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("ask a streaming provider for usage even when the client said no, without touching the client's body", () => {
    const body = { model: "openai/gpt-4o-mini", messages: [], stream: true, stream_options: { include_usage: false, extra: 1 } };
    const p = planFor(openAIChat, openai, body);
    expect(p.body.stream_options).toEqual({ include_usage: true, extra: 1 });
    expect(body.stream_options.include_usage).toBe(false);
  });

  it("go to Anthropic's Messages endpoint for an Anthropic model, answered as a chat completion", () => {
    const p = planFor(openAIChat, anthropic, { model: "anthropic/claude", messages: [{ role: "user", content: "hi" }] });
    expect(p.path).toBe("/messages");
    expect(p.body.model).toBe("claude");
    let usage: unknown;
    const out = JSON.parse(
      p.finishJson(JSON.stringify({ id: "m", type: "message", role: "assistant", model: "claude", content: [{ type: "text", text: "yo" }], stop_reason: "end_turn", usage: { input_tokens: 3, output_tokens: 2, cache_read_input_tokens: 4 } }), (u) => (usage = u)),
    );
    expect(out.object).toBe("chat.completion");
    expect(out.model).toBe("anthropic/claude");
    expect(usage).toEqual({ promptTokens: 7, completionTokens: 2 });
  });
});

describe("Anthropic messages plans", () => {
  it("authenticate with the workspace's key only, whatever the client forwarded", () => {
    const p = planFor(anthropicMessages, anthropic, { model: "anthropic/claude", messages: [], max_tokens: 5 });
    const r = upstreamRequest(anthropic, p, "sk-ant-workspace", { "anthropic-version": "2023-06-01", "anthropic-beta": "tools-1" }, new AbortFlag());
    expect(r.url).toBe("https://anthropic.example/v1/messages");
    expect(r.headers).toEqual({
      "content-type": "application/json",
      accept: "application/json",
      "x-api-key": "sk-ant-workspace",
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "tools-1",
    });
    expect(JSON.parse(r.body as string).model).toBe("claude");
  });
});

describe("OpenAI embeddings plans", () => {
  it("post to /embeddings with the bearer key, never streamed, and meter prompt tokens only", () => {
    const p = planFor(openAIEmbeddings, openai, { model: "openai/text-embedding-3-small", input: ["a", "b"], encoding_format: "base64" });
    expect(p.stream).toBe(false);
    expect(p.streamTransform({ onUsage: () => {}, onFirstToken: () => {} })).toBeNull();
    const r = upstreamRequest(openai, p, "sk-workspace", {}, new AbortFlag());
    expect(r.url).toBe("https://api.example/v1/embeddings");
    expect(r.headers).toEqual({ "content-type": "application/json", accept: "application/json", authorization: "Bearer sk-workspace" });
    expect(JSON.parse(r.body as string)).toEqual({ model: "text-embedding-3-small", input: ["a", "b"], encoding_format: "base64" });
    let usage: unknown;
    const text = JSON.stringify({ object: "list", data: [], model: "text-embedding-3-small", usage: { prompt_tokens: 5, total_tokens: 5 } });
    expect(p.finishJson(text, (u) => (usage = u))).toBe(text);
    expect(usage).toEqual({ promptTokens: 5, completionTokens: 0 });
  });

  it("estimate prompt tokens from the input when the provider reports none", () => {
    expect(openAIEmbeddings.estimatePromptTokens({ input: "x".repeat(38) })).toBe(10);
  });
});

describe("tokenCount", () => {
  it("keeps a whole count and turns anything the usage table cannot store into one it can", () => {
    expect(tokenCount(1234)).toBe(1234);
    expect(tokenCount(1.5)).toBe(2);
    expect(tokenCount(-3)).toBe(0);
    expect(tokenCount(1e12)).toBe(2_147_483_647);
    expect(tokenCount("12")).toBe(0);
    expect(tokenCount(null)).toBe(0);
    expect(tokenCount(undefined)).toBe(0);
    expect(tokenCount({})).toBe(0);
    expect(tokenCount(Number.NaN)).toBe(0);
    expect(tokenCount(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe("request ids", () => {
  it("are req_ and 24 hex digits, unique per core, and split into two numbers and back", async () => {
    const { createRequestIds, requestIdOf, requestIdParts } = await import("../request-id");
    const a = createRequestIds();
    const b = createRequestIds();
    const ids = [a(), a(), b()];
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(3);
    const parts = requestIdParts(ids[1])!;
    expect(requestIdOf(...parts)).toBe(ids[1]);
    for (const bad of [undefined, "", "req_xyz", "abc_0123456789ab000000000007"]) expect(requestIdParts(bad)).toBeNull();
  });
});

describe("allowed origins", () => {
  it("are normalised https origins (http for localhost only), never a path, user or other scheme", async () => {
    const { normaliseOrigin } = await import("../../workspaces/cors");
    expect(normaliseOrigin("https://App.Example.com/")).toBe("https://app.example.com");
    expect(normaliseOrigin("https://app.example.com:8443")).toBe("https://app.example.com:8443");
    expect(normaliseOrigin("http://localhost:5173")).toBe("http://localhost:5173");
    for (const bad of ["http://app.example.com", "https://app.example.com/path", "https://u:p@app.example.com", "ftp://x.example", "javascript:alert(1)", "app.example.com", "*"]) {
      expect(normaliseOrigin(bad), bad).toBeNull();
    }
  });
});
