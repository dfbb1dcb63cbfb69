import { createOpenAI } from "@ai-sdk/openai";
import { ChatOpenAI } from "@langchain/openai";
import { embed, generateObject, generateText, streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/**
 * The frameworks people build on, unchanged and with their defaults, through the proxy:
 * the Vercel AI SDK's `openai(id)` (the Responses API), its chat and embedding models, and
 * LangChain's ChatOpenAI with and without `useResponsesApi`, for OpenAI and Claude models.
 */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Frameworks");
  openai = createOpenAI({ apiKey: t.apiKey, baseURL: `${h.origin}/api/v1` });
});
afterAll(() => h.close());

const lastUpstream = () => h.mock.requests.at(-1)!;
const Echo = z.object({ echo: z.string() });

describe.each(["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"])("Vercel AI SDK with %s", (model) => {
  it("generateText with the default openai(id) goes through /v1/responses", async () => {
    const r = await generateText({ model: openai(model), prompt: "hello from the ai sdk" });
    expect(r.text).toContain("hello from the ai sdk");
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(lastUpstream().path).toBe(model.startsWith("openai/") ? "/v1/responses" : "/v1/messages");
  });

  it("streamText streams the answer", async () => {
    const r = streamText({ model: openai(model), prompt: "stream from the ai sdk" });
    const parts: string[] = [];
    for await (const delta of r.textStream) parts.push(delta);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join("")).toContain("stream from the ai sdk");
  });

  it("openai.chat(id) works on /v1/chat/completions", async () => {
    const r = await generateText({ model: openai.chat(model), prompt: "chat from the ai sdk" });
    expect(r.text).toContain("chat from the ai sdk");
  });
});

describe("Vercel AI SDK structured output and embeddings", () => {
  it("generateObject gets an object that follows the schema from Claude, through Responses and chat", async () => {
    const viaResponses = await generateObject({ model: openai("anthropic/claude-haiku-4-5"), schema: Echo, prompt: "object please" });
    expect(viaResponses.object).toEqual({ echo: "object please" });
    const viaChat = await generateObject({ model: openai.chat("anthropic/claude-haiku-4-5"), schema: Echo, prompt: "chat object please" });
    expect(viaChat.object).toEqual({ echo: "chat object please" });
  });

  it("embed() through /v1/embeddings", async () => {
    const r = await embed({ model: openai.embedding("openai/text-embedding-3-small"), value: "embed me" });
    expect(r.embedding).toHaveLength(8);
    expect(r.usage?.tokens).toBeGreaterThan(0);
  });
});

describe.each([false, true])("LangChain ChatOpenAI, useResponsesApi %s", (useResponsesApi) => {
  const chat = (model: string) => new ChatOpenAI({ model, apiKey: t.apiKey, configuration: { baseURL: `${h.origin}/api/v1` }, useResponsesApi, maxRetries: 0 });

  it.each(["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"])("invokes and streams %s", async (model) => {
    const r = await chat(model).invoke("hello from langchain");
    expect(r.text).toContain("hello from langchain");
    let text = "";
    for await (const c of await chat(model).stream("stream from langchain")) text += c.text;
    expect(text).toContain("stream from langchain");
  });

  it("withStructuredOutput gets a parsed object from Claude", async () => {
    const r = await chat("anthropic/claude-haiku-4-5").withStructuredOutput(Echo, { name: "echo" }).invoke("structured from langchain");
    expect(r).toEqual({ echo: "structured from langchain" });
  });
});
