import { describe, expect, it } from "vitest";
import { AbortFlag } from "./abort";
import { prepareUpstream, tokenCount } from "./prepare";
import type { ProviderInfo } from "./types";

const openai = { id: "openai", name: "OpenAI", protocol: "openai", baseUrl: "https://api.example/v1", models: ["gpt-4o-mini"] } as unknown as ProviderInfo;
const anthropic = { id: "anthropic", name: "Anthropic", protocol: "anthropic", baseUrl: "https://anthropic.example/v1", models: ["claude"] } as unknown as ProviderInfo;

describe("prepareUpstream", () => {
  it("sends the client's body with the provider's model name, and nothing of the client's model", () => {
    const body = { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }], temperature: 0.2 };
    const p = prepareUpstream("chat.completions", openai, "gpt-4o-mini", "openai/gpt-4o-mini", body);
    expect(p.upstreamBody).toEqual({ model: "gpt-4o-mini", messages: body.messages, temperature: 0.2 });
    expect(body.model).toBe("openai/gpt-4o-mini");
  });

  it("keeps a __proto__ key in the body as plain data, never as the copy's prototype", () => {
    const body = JSON.parse('{"model":"openai/gpt-4o-mini","messages":[],"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const p = prepareUpstream("chat.completions", openai, "gpt-4o-mini", "openai/gpt-4o-mini", body);
    expect(Object.getPrototypeOf(p.upstreamBody)).toBe(Object.prototype);
    expect((p.upstreamBody as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("asks a streaming provider for usage even when the client said no, and strips it again", () => {
    const body = { model: "openai/gpt-4o-mini", messages: [], stream: true, stream_options: { include_usage: false, extra: 1 } };
    const p = prepareUpstream("chat.completions", openai, "gpt-4o-mini", "openai/gpt-4o-mini", body);
    expect(p.upstreamBody.stream_options).toEqual({ include_usage: true, extra: 1 });
    expect(body.stream_options.include_usage).toBe(false);
  });

  it("authenticates with the workspace's key only, whatever the client forwarded", () => {
    const p = prepareUpstream("messages", anthropic, "claude", "anthropic/claude", { model: "anthropic/claude", messages: [], max_tokens: 5 });
    const r = p.build("sk-ant-workspace", { "anthropic-version": "2023-06-01", "anthropic-beta": "tools-1" }, new AbortFlag());
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
