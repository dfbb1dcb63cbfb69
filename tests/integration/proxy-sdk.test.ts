import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { zodResponseFormat, zodTextFormat } from "openai/helpers/zod";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/** The official SDKs, unchanged, against the proxy in front of a mock upstream. */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("SDK");
  openai = new OpenAI({ apiKey: t.apiKey, baseURL: `${h.origin}/api/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: t.apiKey, baseURL: `${h.origin}/api`, maxRetries: 0 });
});
afterAll(() => h.close());

const lastUpstream = () => h.mock.requests.at(-1)!;
const tools = [{ type: "function" as const, function: { name: "lookup", description: "Look something up", parameters: { type: "object", properties: { echo: { type: "string" } } } } }];

describe("openai SDK → /api/v1/chat/completions", () => {
  it("non-streaming: answers, and the upstream saw only the workspace's BYOK key and the bare model", async () => {
    const r = await openai.chat.completions.create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hello there" }] });
    expect(r.choices[0]!.message.content).toContain("hello there");
    expect(r.usage?.total_tokens).toBeGreaterThan(0);
    const up = lastUpstream();
    expect(up.headers.authorization).toBe(`Bearer ${t.providerKeys.openai}`);
    expect(JSON.stringify(up.headers)).not.toContain(t.apiKey);
    expect((up.body as { model: string }).model).toBe("gpt-4o-mini");
  });

  it("streaming: chunks arrive one by one as the upstream sends them", async () => {
    const arrivals: number[] = [];
    let text = "";
    const stream = await openai.chat.completions.create({ model: "openai/gpt-4o-slow", messages: [{ role: "user", content: "one two three four" }], stream: true });
    for await (const chunk of stream) {
      arrivals.push(Date.now());
      text += chunk.choices[0]?.delta?.content ?? "";
      expect(chunk.usage ?? null).toBeNull();
    }
    expect(text).toContain("one two three four");
    expect(arrivals.length).toBeGreaterThan(4);
    // The mock waits 200 ms between words: a buffered stream would arrive all at once.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(500);
    // We asked the upstream for usage; the client did not, so it never saw that chunk.
    expect((lastUpstream().body as { stream_options?: { include_usage?: boolean } }).stream_options?.include_usage).toBe(true);
  });

  it("streaming with include_usage: the client gets the usage chunk", async () => {
    const stream = await openai.chat.completions.create({
      model: "openai/gpt-4o-mini",
      messages: [{ role: "user", content: "count me" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("tool calls, streaming and not", async () => {
    const r = await openai.chat.completions.create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "please call a tool" }], tools });
    expect(r.choices[0]!.finish_reason).toBe("tool_calls");
    const call = r.choices[0]!.message.tool_calls![0] as { function: { arguments: string } };
    expect(JSON.parse(call.function.arguments)).toEqual({ echo: "please call a tool" });
    const stream = await openai.chat.completions.create({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "please call a tool" }], tools, stream: true });
    let args = "";
    let name = "";
    for await (const c of stream) {
      const call = c.choices[0]?.delta?.tool_calls?.[0];
      if (call?.function?.name) name = call.function.name;
      args += call?.function?.arguments ?? "";
    }
    expect(name).toBe("lookup");
    expect(JSON.parse(args)).toEqual({ echo: "please call a tool" });
  });

  it("upstream 401, 429 and 500 come back as the SDK's errors with the upstream status", async () => {
    const call = (model: string) => openai.chat.completions.create({ model, messages: [{ role: "user", content: "x" }] });
    await expect(call("openai/error-401")).rejects.toMatchObject({ status: 401 });
    await expect(call("openai/error-429")).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(call("openai/error-500")).rejects.toMatchObject({ status: 500 });
    const err = await call("openai/error-401").catch((e: InstanceType<typeof OpenAI.APIError>) => e);
    expect(JSON.stringify((err as InstanceType<typeof OpenAI.APIError>).error)).not.toContain(t.providerKeys.openai);
  });

  it("a client abort aborts the upstream request", async () => {
    const before = h.mock.aborted;
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(
      { model: "openai/gpt-4o-slow", messages: [{ role: "user", content: "a b c d e f g h i j k l" }], stream: true },
      { signal: controller.signal },
    );
    let n = 0;
    try {
      for await (const chunk of stream) {
        void chunk;
        if (++n === 2) controller.abort();
      }
    } catch {
      /* the SDK may end the loop with an abort error */
    }
    expect(n).toBeLessThan(8);
    await expect.poll(() => h.mock.aborted, { timeout: 5000 }).toBeGreaterThan(before);
  });

  it("Anthropic models behind the OpenAI endpoint are translated both ways", async () => {
    const r = await openai.chat.completions.create({
      model: "anthropic/claude-sonnet-4-5",
      messages: [{ role: "system", content: "be brief" }, { role: "user", content: "translate me" }],
    });
    expect(r.choices[0]!.message.content).toContain("translate me");
    const up = lastUpstream();
    expect(up.path).toBe("/v1/messages");
    expect(up.headers["x-api-key"]).toBe(t.providerKeys.anthropic);
    expect((up.body as { system: string; model: string }).system).toBe("be brief");
    expect((up.body as { model: string }).model).toBe("claude-sonnet-4-5");
    const stream = await openai.chat.completions.create({ model: "anthropic/claude-sonnet-4-5", messages: [{ role: "user", content: "stream me" }], stream: true });
    let text = "";
    for await (const c of stream) text += c.choices[0]?.delta?.content ?? "";
    expect(text).toContain("stream me");
  });

  it("lists the workspace's models", async () => {
    const ids = (await openai.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "mock/echo"]));
  });
});

describe("@anthropic-ai/sdk → /api/v1/messages", () => {
  it("non-streaming and streaming", async () => {
    const msg = await anthropic.messages.create({ model: "anthropic/claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: "hi claude" }] });
    expect(msg.content[0]).toMatchObject({ type: "text" });
    expect((msg.content[0] as { text: string }).text).toContain("hi claude");
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
    expect(lastUpstream().headers["x-api-key"]).toBe(t.providerKeys.anthropic);

    const events: string[] = [];
    let text = "";
    const stream = anthropic.messages.stream({ model: "anthropic/claude-sonnet-4-5", max_tokens: 100, messages: [{ role: "user", content: "stream claude" }] });
    for await (const ev of stream) {
      events.push(ev.type);
      if (ev.type === "content_block_delta" && ev.delta.type === "text_delta") text += ev.delta.text;
    }
    expect(text).toContain("stream claude");
    expect(events[0]).toBe("message_start");
    expect(events.at(-1)).toBe("message_stop");
  });

  it("tool use and errors in Anthropic's shape", async () => {
    const msg = await anthropic.messages.create({
      model: "anthropic/claude-sonnet-4-5",
      max_tokens: 100,
      messages: [{ role: "user", content: "please call a tool" }],
      tools: [{ name: "lookup", description: "Look", input_schema: { type: "object", properties: { echo: { type: "string" } } } }],
    });
    expect(msg.stop_reason).toBe("tool_use");
    const err = await anthropic.messages
      .create({ model: "anthropic/error-429", max_tokens: 10, messages: [{ role: "user", content: "x" }] })
      .catch((e: InstanceType<typeof Anthropic.APIError>) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  it("the mock provider answers without any upstream", async () => {
    const before = h.mock.requests.length;
    const msg = await anthropic.messages.create({ model: "mock/echo", max_tokens: 50, messages: [{ role: "user", content: "built in" }] });
    expect((msg.content[0] as { text: string }).text).toContain("built in");
    const chat = await openai.chat.completions.create({ model: "mock/echo", messages: [{ role: "user", content: "built in too" }] });
    expect(chat.choices[0]!.message.content).toContain("built in too");
    expect(h.mock.requests.length).toBe(before);
  });
});

describe("headers and errors clients rely on", () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.origin}/api/v1/${path}`, { method: "POST", headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  it("passes the provider's rate-limit headers on, whole, streamed and on a 429", async () => {
    const whole = await post("chat/completions", { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "x" }] });
    expect(whole.headers.get("x-ratelimit-remaining-requests")).toBe("9999");
    const streamed = await post("chat/completions", { model: "openai/gpt-4o-mini", stream: true, messages: [{ role: "user", content: "x" }] });
    expect(streamed.headers.get("x-ratelimit-limit-requests")).toBe("10000");
    await streamed.text();
    const limited = await post("chat/completions", { model: "openai/error-429", messages: [{ role: "user", content: "x" }] });
    expect(limited.status).toBe(429);
    expect([limited.headers.get("retry-after"), limited.headers.get("x-ratelimit-remaining-requests")]).toEqual(["3", "0"]);
    const claude = await post("messages", { model: "anthropic/claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: "x" }] }, { "anthropic-version": "2023-06-01" });
    expect(claude.headers.get("anthropic-ratelimit-requests-remaining")).toBe("9999");
  });

  it("passes the provider's own error message on when it quotes nothing secret, and never on authentication errors", async () => {
    const bad = await post("chat/completions", { model: "openai/error-400", messages: [{ role: "user", content: "x" }] });
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("The provider said: Invalid request (simulated by the mock upstream).");
    const denied = await post("chat/completions", { model: "openai/error-401", messages: [{ role: "user", content: "x" }] });
    const message = ((await denied.json()) as { error: { message: string } }).error.message;
    expect(message).toBe("The provider rejected this workspace's provider key.");
  });

  it("answers Anthropic's 529 as overloaded_error in Anthropic's shape", async () => {
    const err = await anthropic.messages.create({ model: "anthropic/error-529", max_tokens: 5, messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
  });
});

describe("structured output for Claude", () => {
  const Echo = z.object({ echo: z.string() });

  it("chat.completions.parse() gets JSON that follows the schema, whole and streamed", async () => {
    const r = await openai.chat.completions.parse({ model: "anthropic/claude-haiku-4-5", messages: [{ role: "user", content: "structured please" }], response_format: zodResponseFormat(Echo, "echo") });
    expect(r.choices[0]!.message.parsed).toEqual({ echo: "structured please" });
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.choices[0]!.message.tool_calls ?? []).toEqual([]);
    const up = lastUpstream().body as { tools: Array<{ name: string; input_schema: unknown }>; tool_choice: unknown };
    expect(up.tool_choice).toEqual({ type: "tool", name: "echo" });
    expect(up.tools[0]!.input_schema).toMatchObject({ type: "object", properties: { echo: { type: "string" } } });

    const stream = await openai.chat.completions.create({ model: "anthropic/claude-haiku-4-5", stream: true, messages: [{ role: "user", content: "streamed structure" }], response_format: zodResponseFormat(Echo, "echo") });
    let content = "";
    let finish: string | null = null;
    for await (const c of stream) {
      content += c.choices[0]?.delta?.content ?? "";
      finish = c.choices[0]?.finish_reason ?? finish;
      expect(c.choices[0]?.delta?.tool_calls).toBeUndefined();
    }
    expect(JSON.parse(content)).toEqual({ echo: "streamed structure" });
    expect(finish).toBe("stop");
  });

  it("responses.parse() gets output_parsed for a Claude model, whole and streamed", async () => {
    const r = await openai.responses.parse({ model: "anthropic/claude-haiku-4-5", input: "structured response", text: { format: zodTextFormat(Echo, "echo") } });
    expect(r.output_parsed).toEqual({ echo: "structured response" });
    let text = "";
    for await (const ev of await openai.responses.create({ model: "anthropic/claude-haiku-4-5", input: "streamed response", stream: true, text: { format: zodTextFormat(Echo, "echo") } })) {
      if (ev.type === "response.output_text.delta") text += ev.delta;
    }
    expect(JSON.parse(text)).toEqual({ echo: "streamed response" });
  });
});
