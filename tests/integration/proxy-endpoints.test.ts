import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../lib/db";
import { processMeter } from "../../lib/usage/meter";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/** The smaller endpoints clients call by default: count_tokens, one model, and what the legacy completions path answers. */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Endpoints");
  openai = new OpenAI({ apiKey: t.apiKey, baseURL: `${h.origin}/api/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: t.apiKey, baseURL: `${h.origin}/api`, maxRetries: 0 });
});
afterAll(() => h.close());

describe("anthropic SDK → /api/v1/messages/count_tokens", () => {
  it("counts through the provider with the workspace's key, and meters the call with no tokens", async () => {
    const r = await anthropic.messages.countTokens({ model: "anthropic/claude-haiku-4-5", system: "be brief", messages: [{ role: "user", content: "count the tokens of this sentence" }] });
    expect(r.input_tokens).toBeGreaterThan(5);
    const up = h.mock.requests.at(-1)!;
    expect(up.path).toBe("/v1/messages/count_tokens");
    expect(up.headers["x-api-key"]).toBe(t.providerKeys.anthropic);
    expect(up.body).toMatchObject({ model: "claude-haiku-4-5" });
    await processMeter().flush();
    const rows = await withWorkspace(t.workspaceId, (tx) => tx.usageEvent.findMany({ where: { endpoint: "messages.count_tokens" } }));
    expect(rows).toHaveLength(1);
    expect([rows[0]!.status, rows[0]!.promptTokens, rows[0]!.completionTokens, rows[0]!.estimated]).toEqual([200, 0, 0, false]);
  });

  it("counts for the built-in mock in process, and refuses max_tokens and OpenAI models in Anthropic's error shape", async () => {
    expect((await anthropic.messages.countTokens({ model: "mock/echo", messages: [{ role: "user", content: "hi" }] })).input_tokens).toBeGreaterThan(0);
    const res = await fetch(`${h.origin}/api/v1/messages/count_tokens`, {
      method: "POST",
      headers: { "x-api-key": t.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ model: "anthropic/claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    const wrong = await anthropic.messages.countTokens({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((wrong as Error).message)).toContain("/v1/chat/completions");
  });
});

describe("openai SDK → GET /api/v1/models/{id}", () => {
  it("retrieves a listed model of a provider this workspace has a key for", async () => {
    const m = await openai.models.retrieve("openai/gpt-4o-mini");
    expect(m).toMatchObject({ id: "openai/gpt-4o-mini", object: "model", owned_by: "openai" });
  });

  it("answers 404 model_not_found for a model the listing does not have, or a provider without a key", async () => {
    for (const id of ["openai/not-a-model", "mistral/mistral-small-latest", "nope"]) {
      const err = await openai.models.retrieve(id).catch((e: unknown) => e);
      expect(err, id).toBeInstanceOf(OpenAI.NotFoundError);
      expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("model_not_found");
    }
  });
});

describe("unknown and legacy paths", () => {
  it("answers the legacy /completions with an OpenAI-shaped 404 that points at /chat/completions", async () => {
    const err = await openai.completions.create({ model: "openai/gpt-4o-mini", prompt: "hi" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as Error).message).toContain("/v1/chat/completions");
  });

  it("names the endpoints that are served for any other unknown path", async () => {
    const res = await fetch(`${h.origin}/api/v1/files`, { headers: { authorization: `Bearer ${t.apiKey}` } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe("unknown_url");
    for (const e of ["/v1/chat/completions", "/v1/messages", "/v1/embeddings", "/v1/models"]) expect(body.error.message).toContain(e);
  });
});
