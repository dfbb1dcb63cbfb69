import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxyHarness, type Tenant } from "../support/proxy-harness";

/**
 * Credentials are refused in every structured part of a request, on every endpoint:
 * tool definitions, content parts other than text, system blocks' settings, tool_choice
 * and response_format. The text people and models wrote is still not inspected.
 */
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let t: Tenant;

beforeAll(async () => {
  h = await startProxyHarness();
  t = await h.tenant("Structured fields");
});
afterAll(() => h.close());

const post = (path: string, body: unknown) =>
  fetch(`${h.origin}/api/v1/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify(body),
  });

// Generated-looking values, built here so that no literal secret sits in the repository.
const RANDOM = "Zq8vX2mLr5Tb9KwYp3Hn7Cj4";
const STRIPE = `sk_live_${RANDOM}`;
const GITLAB = `glpat-${RANDOM}`;
const HF = `hf_${"QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi"}`;

const chatBase = { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };
const fn = (parameters: object, extra: object = {}) => ({ type: "function", function: { name: "lookup", description: "Looks things up", parameters, ...extra } });
const claudeBase = { model: "anthropic/claude-sonnet-4-5", max_tokens: 32, messages: [{ role: "user", content: "hi" }] };
const responsesBase = { model: "openai/gpt-4o-mini", input: "hi" };

type Case = [name: string, path: string, body: unknown, param: string];
const refused: Case[] = [
  // Chat Completions
  ["tool parameter default", "chat/completions", { ...chatBase, tools: [fn({ type: "object", properties: { api_key: { type: "string", default: RANDOM } } })] }, "tools[0].function.parameters.properties.api_key.default"],
  ["tool parameter enum", "chat/completions", { ...chatBase, tools: [fn({ type: "object", properties: { region: { type: "string", enum: ["eu", STRIPE] } } })] }, "tools[0].function.parameters.properties.region.enum[1]"],
  ["tool name", "chat/completions", { ...chatBase, tools: [{ type: "function", function: { name: GITLAB, parameters: {} } }] }, "tools[0].function.name"],
  ["credential field in a tool", "chat/completions", { ...chatBase, tools: [fn({}, { api_key: "x" })] }, "tools[0].function.api_key"],
  ["MCP server headers in a tool", "chat/completions", { ...chatBase, tools: [{ type: "mcp", server_url: "https://mcp.example", headers: { "x-token": "x" } }] }, "tools[0].headers"],
  ["legacy functions", "chat/completions", { ...chatBase, functions: [{ name: "f", parameters: { properties: { token: { const: RANDOM } } } }] }, "functions[0].parameters.properties.token.const"],
  ["image part option", "chat/completions", { ...chatBase, messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://img.example/a.png", token: "x" } }] }] }, "messages[0].content[0].image_url.token"],
  ["audio part option", "chat/completions", { ...chatBase, messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "AAAA", format: HF } }] }] }, "messages[0].content[0].input_audio.format"],
  ["tool_choice", "chat/completions", { ...chatBase, tool_choice: { type: "function", function: { name: "lookup", authorization: "Bearer x" } } }, "tool_choice.function.authorization"],
  ["response_format default", "chat/completions", { ...chatBase, response_format: { type: "json_schema", json_schema: { name: "out", schema: { type: "object", properties: { password: { type: "string", default: RANDOM } } } } } }, "response_format.json_schema.schema.properties.password.default"],
  ["tool call name in history", "chat/completions", { ...chatBase, messages: [{ role: "assistant", tool_calls: [{ id: "call_1", type: "function", function: { name: STRIPE, arguments: "{}" } }] }, { role: "tool", tool_call_id: "call_1", content: "ok" }] }, "messages[0].tool_calls[0].function.name"],
  // Anthropic Messages
  ["system block setting", "messages", { ...claudeBase, system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral", api_key: "x" } }] }, "system[0].cache_control.api_key"],
  ["system block citation field", "messages", { ...claudeBase, system: [{ type: "text", text: "Be brief.", citations: [{ type: "char_location", document_title: STRIPE }] }] }, "system[0].citations[0].document_title"],
  ["tool input_schema default", "messages", { ...claudeBase, tools: [{ name: "lookup", description: "x", input_schema: { type: "object", properties: { secret: { type: "string", examples: [RANDOM] } } } }] }, "tools[0].input_schema.properties.secret.examples"],
  ["document source headers", "messages", { ...claudeBase, messages: [{ role: "user", content: [{ type: "document", source: { type: "url", url: "https://doc.example/a.pdf", headers: { cookie: "x" } } }] }] }, "messages[0].content[0].source.headers"],
  ["tool_choice name", "messages", { ...claudeBase, tool_choice: { type: "tool", name: GITLAB } }, "tool_choice.name"],
  // Responses
  ["MCP tool authorization", "responses", { ...responsesBase, tools: [{ type: "mcp", server_label: "crm", server_url: "https://mcp.example", authorization: "x" }] }, "tools[0].authorization"],
  ["input image option", "responses", { ...responsesBase, input: [{ role: "user", content: [{ type: "input_image", image_url: "https://img.example/a.png", detail: "auto", api_key: "x" }] }] }, "input[0].content[0].api_key"],
  ["text format schema", "responses", { ...responsesBase, text: { format: { type: "json_schema", name: "o", schema: { properties: { token: { default: RANDOM } } } } } }, "text.format.schema.properties.token.default"],
];

const accepted: [name: string, path: string, body: unknown][] = [
  ["a key quoted in message text", "chat/completions", { ...chatBase, messages: [{ role: "user", content: [{ type: "text", text: `What is ${STRIPE}?` }] }] }],
  ["a tool whose arguments are named like credentials", "chat/completions", { ...chatBase, tools: [fn({ type: "object", properties: { password: { type: "string", description: `e.g. ${STRIPE}` }, api_key: { type: "string", enum: ["primary", "secondary"] } }, required: ["password"] })] }],
  ["tool call arguments in history", "chat/completions", { ...chatBase, messages: [{ role: "assistant", tool_calls: [{ id: "call_1", type: "function", function: { name: "login", arguments: JSON.stringify({ password: RANDOM }) } }] }, { role: "tool", tool_call_id: "call_1", content: `token ${GITLAB}` }] }],
  ["an image with a presigned URL", "chat/completions", { ...chatBase, messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: `https://b.s3.amazonaws.com/a.png?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261207`, detail: "low" } }] }] }],
  ["a response schema with a password property", "chat/completions", { ...chatBase, response_format: { type: "json_schema", json_schema: { name: "signup", schema: { type: "object", properties: { password: { type: "string" } } } } } }],
  ["a system block quoting a key", "messages", { ...claudeBase, system: [{ type: "text", text: `Never print ${HF}.`, cache_control: { type: "ephemeral" } }] }],
  ["a tool_use block with credential-named input", "messages", { ...claudeBase, messages: [{ role: "user", content: "log in" }, { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "login", input: { password: RANDOM } }] }, { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: `ok ${STRIPE}` }] }] }],
  ["instructions quoting a key", "responses", { ...responsesBase, instructions: `Refuse to reveal ${GITLAB}.` }],
];

describe("credentials in structured fields", () => {
  it.each(refused)("%s: refused with a 400 that names the field, before anything goes upstream", async (_name, path, body, param) => {
    const before = h.mock.requests.length;
    const res = await post(path, body);
    const text = await res.text();
    expect(res.status, text).toBe(400);
    expect(text).toContain(JSON.stringify(param).slice(1, -1));
    for (const secret of [RANDOM, STRIPE, GITLAB, HF]) expect(text).not.toContain(secret);
    expect(h.mock.requests.length).toBe(before);
  });

  it.each(accepted)("%s: accepted and forwarded", async (_name, path, body) => {
    const before = h.mock.requests.length;
    const res = await post(path, body);
    expect(res.status, await res.text()).toBe(200);
    expect(h.mock.requests.length).toBe(before + 1);
  });
});
