import "server-only";
import { positiveCount, promptTokensOf } from "../../protocols/anthropic-messages/usage";
import { createByteSseParser, isRecord, parseJson, type SseMessage } from "../../stream/sse-events";
import type { TokenUsage } from "../../types";
import { responseObject, responsesUsage, statusOf, type OutputItem, type ResponseStatus } from "./response";

/**
 * An Anthropic Messages SSE stream as a Responses API stream, event by event: each
 * Anthropic text block becomes a `message` output item (output_item.added,
 * content_part.added, output_text.delta…, then the matching .done events), each tool_use
 * block a `function_call` item (function_call_arguments.delta…), and message_stop the
 * terminal `response.completed` (or `response.incomplete` after a max_tokens stop) with
 * usage. An upstream error, or a stream that ends early, is one `error` event and then
 * `response.failed`. Every event carries its `sequence_number`.
 */
export type ResponsesStreamOptions = {
  model: string;
  createdAt: number;
  request: Record<string, unknown>;
  onUsage: (usage: TokenUsage) => void;
  onFirstToken: () => void;
  /** The forced structured-output tool: its input streams as the message's text. */
  structuredTool: string | null;
};

type OpenItem = { outputIndex: number; item: OutputItem; text: string };

const enc = new TextEncoder();

export function responsesFromAnthropicTransformer(opts: ResponsesStreamOptions): Transformer<Uint8Array, Uint8Array> {
  let out!: TransformStreamDefaultController<Uint8Array>;
  let seq = 0;
  let id = "resp_unknown";
  let messageId = "msg_unknown";
  let started = false;
  let finished = false;
  let sawFirstToken = false;
  let sawUsage = false;
  let inputUsage: Record<string, unknown> = {};
  let outputTokens = 0;
  let stopReason: unknown = null;
  const output: OutputItem[] = [];
  const open = new Map<number, OpenItem>();

  const emit = (type: string, payload: Record<string, unknown>) => {
    const data = JSON.stringify({ type, sequence_number: seq++, ...payload });
    out.enqueue(enc.encode(`event: ${type}\ndata: ${data}\n\n`));
  };
  const usage = () => (sawUsage ? responsesUsage(inputUsage, outputTokens) : null);
  const envelope = (status: ResponseStatus, error: { code: string; message: string } | null = null) =>
    responseObject({ id, model: opts.model, createdAt: opts.createdAt, status, output, usage: status === "in_progress" ? null : usage(), request: opts.request, error, structured: opts.structuredTool !== null });

  const start = () => {
    if (started) return;
    started = true;
    emit("response.created", { response: envelope("in_progress") });
    emit("response.in_progress", { response: envelope("in_progress") });
  };
  const firstToken = () => {
    if (sawFirstToken) return;
    sawFirstToken = true;
    opts.onFirstToken();
  };
  const report = () => {
    const u = usage();
    if (u) opts.onUsage({ promptTokens: u.input_tokens, completionTokens: u.output_tokens });
  };

  const openBlock = (index: number, block: Record<string, unknown>) => {
    const outputIndex = output.length;
    const structured = opts.structuredTool !== null;
    if (block.type === "text" && structured) return; // only the forced tool's input is the answer
    if (block.type === "text" || (structured && block.type === "tool_use" && block.name === opts.structuredTool)) {
      const item: OutputItem = { type: "message", id: `${messageId}_${outputIndex}`, status: "in_progress", role: "assistant", content: [] };
      output.push(item);
      open.set(index, { outputIndex, item, text: "" });
      emit("response.output_item.added", { output_index: outputIndex, item });
      emit("response.content_part.added", { item_id: item.id, output_index: outputIndex, content_index: 0, part: { type: "output_text", text: "", annotations: [] } });
      if (block.type === "text" && typeof block.text === "string" && block.text !== "") textDelta(index, block.text);
    } else if (block.type === "tool_use" && typeof block.id === "string" && typeof block.name === "string") {
      const item: OutputItem = { type: "function_call", id: `fc_${block.id}`, call_id: block.id, name: block.name, arguments: "", status: "in_progress" };
      output.push(item);
      open.set(index, { outputIndex, item, text: "" });
      emit("response.output_item.added", { output_index: outputIndex, item });
    }
    // thinking and other block types have no Responses item here.
  };

  function textDelta(index: number, text: string) {
    const o = open.get(index);
    if (!o || o.item.type !== "message") return;
    firstToken();
    o.text += text;
    emit("response.output_text.delta", { item_id: o.item.id, output_index: o.outputIndex, content_index: 0, delta: text, logprobs: [] });
  }

  const argumentsDelta = (index: number, json: string) => {
    const o = open.get(index);
    if (o && o.item.type === "message") {
      if (json !== "") textDelta(index, json);
      return;
    }
    if (!o || o.item.type !== "function_call" || json === "") return;
    firstToken();
    o.text += json;
    emit("response.function_call_arguments.delta", { item_id: o.item.id, output_index: o.outputIndex, delta: json });
  };

  const closeBlock = (index: number) => {
    const o = open.get(index);
    if (!o) return;
    open.delete(index);
    if (o.item.type === "message") {
      const part = { type: "output_text" as const, text: o.text, annotations: [] as [] };
      emit("response.output_text.done", { item_id: o.item.id, output_index: o.outputIndex, content_index: 0, text: o.text, logprobs: [] });
      emit("response.content_part.done", { item_id: o.item.id, output_index: o.outputIndex, content_index: 0, part });
      o.item.content = [part];
    } else {
      o.item.arguments = o.text === "" ? "{}" : o.text;
      emit("response.function_call_arguments.done", { item_id: o.item.id, output_index: o.outputIndex, arguments: o.item.arguments });
    }
    o.item.status = "completed";
    emit("response.output_item.done", { output_index: o.outputIndex, item: o.item });
  };

  const complete = () => {
    finished = true;
    for (const index of [...open.keys()]) closeBlock(index);
    const status = statusOf(stopReason);
    emit(status === "incomplete" ? "response.incomplete" : "response.completed", { response: envelope(status) });
    report();
  };

  const fail = (message: string, stopUpstream = true) => {
    finished = true;
    start();
    emit("error", { code: "upstream_error", message, param: null });
    emit("response.failed", { response: envelope("failed", { code: "server_error", message }) });
    report();
    if (stopUpstream) out.terminate();
  };

  const onEvent = (message: SseMessage) => {
    if (finished) return;
    const event = parseJson(message.data);
    if (!isRecord(event)) return;
    const type = typeof event.type === "string" ? event.type : message.event;
    switch (type) {
      case "message_start": {
        const msg = isRecord(event.message) ? event.message : {};
        if (typeof msg.id === "string" && msg.id !== "") {
          id = `resp_${msg.id}`;
          messageId = `msg_${msg.id}`;
        }
        if (isRecord(msg.usage)) {
          sawUsage = true;
          inputUsage = msg.usage;
          outputTokens = positiveCount(msg.usage.output_tokens);
        }
        start();
        return;
      }
      case "content_block_start":
        start();
        if (typeof event.index === "number" && isRecord(event.content_block)) openBlock(event.index, event.content_block);
        return;
      case "content_block_delta": {
        const delta = isRecord(event.delta) ? event.delta : {};
        if (typeof event.index !== "number") return;
        if (delta.type === "text_delta" && typeof delta.text === "string" && delta.text !== "") textDelta(event.index, delta.text);
        else if (delta.type === "input_json_delta" && typeof delta.partial_json === "string") argumentsDelta(event.index, delta.partial_json);
        return;
      }
      case "content_block_stop":
        if (typeof event.index === "number") closeBlock(event.index);
        return;
      case "message_delta": {
        const u = isRecord(event.usage) ? event.usage : {};
        if (typeof u.output_tokens === "number") {
          sawUsage = true;
          outputTokens = positiveCount(u.output_tokens);
        }
        if (typeof u.input_tokens === "number" && promptTokensOf(u) > 0) {
          sawUsage = true;
          inputUsage = u;
        }
        const d = isRecord(event.delta) ? event.delta : {};
        if (typeof d.stop_reason === "string") stopReason = d.stop_reason;
        return;
      }
      case "message_stop":
        start();
        complete();
        return;
      case "error":
        fail("The provider's stream failed before it finished.");
        return;
      default:
        return;
    }
  };

  let parser!: ReturnType<typeof createByteSseParser>;
  return {
    start(controller) {
      out = controller;
      parser = createByteSseParser(onEvent, () => {
        if (!finished) fail("The provider sent an oversized stream event.");
      });
    },
    transform(bytes) {
      if (!finished) parser.feed(bytes);
    },
    flush() {
      if (finished) return;
      parser.end();
      if (finished) return;
      if (stopReason !== null) complete();
      else fail("The provider ended the stream before the response was complete.", false);
    },
  };
}
