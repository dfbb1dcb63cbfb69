import "server-only";
import type { Endpoint, SignalLike, UpstreamResponse } from "../types";
import { mockEmbeddings } from "./mock-embeddings";

/**
 * The built-in `mock` provider: answers in process, with no network, so a fresh
 * install can demo the whole path. It echoes the last user message word by word,
 * in the wire format of the endpoint (OpenAI chunks or Anthropic events), with usage;
 * embeddings are deterministic vectors of the input.
 */
const enc = new TextEncoder();

function lastUserText(body: Record<string, unknown>): string {
  if (typeof body.input === "string") return body.input;
  const list = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
  const messages = list as { role?: string; content?: unknown }[];
  const last = [...messages].reverse().find((m) => m.role === "user");
  const c = last?.content;
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.map((p) => (p && typeof p === "object" && "text" in p ? String((p as { text: unknown }).text) : "")).join(" ");
  return "";
}

function countTokens(body: Record<string, unknown>): number {
  const text = JSON.stringify(body.messages ?? body.input ?? "") + (typeof body.system === "string" ? body.system : "");
  return Math.max(1, Math.ceil(text.length / 4));
}

function sse(chunks: string[], delayMs: number, signal: SignalLike): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (signal.aborted || i >= chunks.length) return controller.close();
      if (i > 0 && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      controller.enqueue(enc.encode(chunks[i++]!));
    },
  });
}

export async function mockProvider(req: { endpoint: Endpoint; body: Record<string, unknown>; signal: SignalLike }): Promise<UpstreamResponse> {
  const body = req.body;
  if (req.endpoint === "embeddings") return json(mockEmbeddings(body));
  if (req.endpoint === "messages.count_tokens") return json({ input_tokens: countTokens(body) });
  const model = String(body.model ?? "echo");
  const words = `You said: ${lastUserText(body) || "(nothing)"}`.split(/(?<= )/);
  const promptTokens = countTokens(body);
  const completionTokens = words.length;
  const created = Math.floor(Date.now() / 1000);
  const id = `mock-${crypto.randomUUID()}`;
  const stream = body.stream === true;
  const delay = 15;

  if (req.endpoint === "messages") {
    const usage = { input_tokens: promptTokens, output_tokens: completionTokens };
    if (!stream) {
      const msg = { id, type: "message", role: "assistant", model, content: [{ type: "text", text: words.join("") }], stop_reason: "end_turn", stop_sequence: null, usage };
      return json(msg);
    }
    const ev = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    const chunks = [
      ev("message_start", { type: "message_start", message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: promptTokens, output_tokens: 1 } } }),
      ev("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
      ...words.map((w) => ev("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: w } })),
      ev("content_block_stop", { type: "content_block_stop", index: 0 }),
      ev("message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: completionTokens } }),
      ev("message_stop", { type: "message_stop" }),
    ];
    return { status: 200, headers: new Headers({ "content-type": "text/event-stream" }), body: sse(chunks, delay, req.signal) };
  }

  if (req.endpoint === "responses") return responsesAnswer(id, model, created, words, promptTokens, stream, delay, req.signal);

  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  if (!stream) {
    return json({
      id, object: "chat.completion", created, model,
      choices: [{ index: 0, message: { role: "assistant", content: words.join("") }, finish_reason: "stop", logprobs: null }],
      usage,
    });
  }
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const chunks = [
    chunk({ role: "assistant", content: "" }, null),
    ...words.map((w) => chunk({ content: w }, null)),
    chunk({}, "stop"),
    ...(includeUsage ? [`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage })}\n\n`] : []),
    "data: [DONE]\n\n",
  ];
  return { status: 200, headers: new Headers({ "content-type": "text/event-stream" }), body: sse(chunks, delay, req.signal) };
}

/** The Responses API's shape: one message item, named events with sequence numbers when streamed. */
function responsesAnswer(id: string, model: string, created: number, words: string[], promptTokens: number, stream: boolean, delay: number, signal: SignalLike): UpstreamResponse {
  const text = words.join("");
  const itemId = `msg_${id}`;
  const item = { type: "message", id: itemId, status: "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] };
  const usage = { input_tokens: promptTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: words.length, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: promptTokens + words.length };
  const response = (status: string, output: unknown[], u: unknown) => ({ id: `resp_${id}`, object: "response", created_at: created, status, error: null, incomplete_details: null, model, output, usage: u });
  if (!stream) return json(response("completed", [item], usage));
  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
  const at = { item_id: itemId, output_index: 0, content_index: 0 };
  const chunks = [
    ev("response.created", { response: response("in_progress", [], null) }),
    ev("response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress", content: [] } }),
    ev("response.content_part.added", { ...at, part: { type: "output_text", text: "", annotations: [] } }),
    ...words.map((w) => ev("response.output_text.delta", { ...at, delta: w })),
    ev("response.output_text.done", { ...at, text }),
    ev("response.content_part.done", { ...at, part: item.content[0] }),
    ev("response.output_item.done", { output_index: 0, item }),
    ev("response.completed", { response: response("completed", [item], usage) }),
  ];
  return { status: 200, headers: new Headers({ "content-type": "text/event-stream" }), body: sse(chunks, delay, signal) };
}

function json(value: unknown): UpstreamResponse {
  const bytes = enc.encode(JSON.stringify(value));
  return {
    status: 200,
    headers: new Headers({ "content-type": "application/json" }),
    body: new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }),
  };
}
