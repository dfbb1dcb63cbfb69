import { behaviorFor } from "./behavior";
import { isObject, type RouteContext } from "./context";
import { allTexts, endsWithUserText, estimateTokens, lastUserText, mockId, replyText, splitArguments, splitChunks, toolArguments } from "./echo";
import { sendError, sendJson, simulatedError } from "./respond";
import { anthropicFrame, pause, playStream, type Frame } from "./stream";

/**
 * POST /v1/responses in OpenAI's Responses wire format: echoes the last user text, calls
 * the first function tool when asked to ("call a tool"), and streams the real event
 * sequence (named events with sequence numbers, usage in response.completed).
 */

/** Input items as chat-style messages, so the shared echo helpers read them. */
function messagesOf(input: unknown): Array<{ role: string; content: unknown }> {
  if (typeof input === "string") return [{ role: "user", content: input }];
  if (!Array.isArray(input)) return [];
  return input.filter(isObject).map((item) => {
    if (item.type === "function_call_output") return { role: "tool", content: String(item.output ?? "") };
    if (item.type === "function_call") return { role: "assistant", content: "" };
    const content = Array.isArray(item.content)
      ? item.content.filter(isObject).map((p) => (p.type === "input_text" || p.type === "output_text" ? { type: "text", text: p.text } : p))
      : item.content;
    return { role: String(item.role ?? "user"), content };
  });
}

function functionTool(body: Record<string, unknown>, messages: unknown, userText: string): string | null {
  const names = (Array.isArray(body.tools) ? body.tools : []).filter(isObject).filter((t) => t.type === "function").map((t) => String(t.name));
  if (names.length === 0 || body.tool_choice === "none") return null;
  if (body.tool_choice === "required") return names[0]!;
  if (isObject(body.tool_choice) && typeof body.tool_choice.name === "string") return body.tool_choice.name;
  return endsWithUserText(messages) && /call a tool/i.test(userText) ? names[0]! : null;
}

export async function openaiResponses(ctx: RouteContext): Promise<void> {
  const { res, body } = ctx;
  if (!isObject(body)) return sendError(res, "openai", 400, "We could not parse the JSON body of your request.");
  if (typeof body.model !== "string" || !body.model) return sendError(res, "openai", 400, "you must provide a model parameter", "model");
  const messages = messagesOf(body.input);
  if (messages.length === 0) return sendError(res, "openai", 400, "'input' must be a string or a non-empty array.", "input");
  const behavior = behaviorFor(body.model, ctx.req.headers, ctx.opts);
  if (behavior.errorStatus) return simulatedError(res, "openai", behavior.errorStatus);
  if (behavior.hang) return;

  const userText = lastUserText(messages);
  const inputTokens = estimateTokens([...allTexts(messages), typeof body.instructions === "string" ? body.instructions : ""]);
  const tool = functionTool(body, messages, userText);
  const pieces = tool ? splitArguments(toolArguments(userText)) : splitChunks(replyText(userText, behavior.completionBytes), behavior.chunks);
  const id = mockId("resp_");
  const itemId = tool ? mockId("fc_") : mockId("msg_");
  const callId = mockId("call_");
  const text = pieces.join("");
  const doneItem = tool
    ? { type: "function_call", id: itemId, call_id: callId, name: tool, arguments: text, status: "completed" }
    : { type: "message", id: itemId, status: "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] };
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: pieces.length,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + pieces.length,
  };
  const response = (status: string, output: unknown[], withUsage: boolean) => ({
    id, object: "response", created_at: Math.floor(Date.now() / 1000), status, error: null, incomplete_details: null,
    instructions: body.instructions ?? null, model: body.model, output, parallel_tool_calls: true, tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [], text: { format: { type: "text" } }, usage: withUsage ? usage : null, metadata: {},
  });

  if (body.stream !== true) {
    if (!(await pause(behavior.delayMs * pieces.length, ctx.signal))) return;
    return sendJson(res, "openai", 200, response("completed", [doneItem], true));
  }

  let seq = 0;
  const ev = (type: string, payload: Record<string, unknown>, paced = false): Frame => anthropicFrame({ type, sequence_number: seq++, ...payload }, paced);
  const frames: Frame[] = [ev("response.created", { response: response("in_progress", [], false) }), ev("response.in_progress", { response: response("in_progress", [], false) })];
  if (tool) {
    frames.push(ev("response.output_item.added", { output_index: 0, item: { ...doneItem, arguments: "", status: "in_progress" } }));
    for (const p of pieces) frames.push(ev("response.function_call_arguments.delta", { item_id: itemId, output_index: 0, delta: p }, true));
    frames.push(ev("response.function_call_arguments.done", { item_id: itemId, output_index: 0, arguments: text }));
  } else {
    frames.push(ev("response.output_item.added", { output_index: 0, item: { ...doneItem, status: "in_progress", content: [] } }));
    frames.push(ev("response.content_part.added", { item_id: itemId, output_index: 0, content_index: 0, part: { type: "output_text", text: "", annotations: [] } }));
    for (const p of pieces) frames.push(ev("response.output_text.delta", { item_id: itemId, output_index: 0, content_index: 0, delta: p, logprobs: [] }, true));
    frames.push(ev("response.output_text.done", { item_id: itemId, output_index: 0, content_index: 0, text, logprobs: [] }));
    frames.push(ev("response.content_part.done", { item_id: itemId, output_index: 0, content_index: 0, part: { type: "output_text", text, annotations: [] } }));
  }
  frames.push(ev("response.output_item.done", { output_index: 0, item: doneItem }));
  frames.push(ev("response.completed", { response: response("completed", [doneItem], true) }));
  await playStream(
    { res, flavor: "openai", signal: ctx.signal, delayMs: behavior.delayMs, failAfterPaced: behavior.failMidStream ? 2 : undefined, onServerDestroy: ctx.markServerDestroyed },
    frames,
  );
}
