import { behaviorFor } from "./behavior";
import { isObject, type RouteContext } from "./context";
import {
  allTexts,
  endsWithUserText,
  estimateTokens,
  lastUserText,
  mockId,
  replyText,
  splitArguments,
  splitChunks,
  textOf,
} from "./echo";
import { sendError, sendJson, simulatedError } from "./respond";
import { anthropicFrame, pause, playStream, type Frame } from "./stream";

/** The tool to call, or null: forced by tool_choice (any / tool), or asked for in the last user turn. */
function pickTool(body: Record<string, unknown>, userText: string): string | null {
  const names = (Array.isArray(body.tools) ? body.tools : [])
    .map((t) => (isObject(t) ? t.name : undefined))
    .filter((n): n is string => typeof n === "string");
  if (names.length === 0) return null;
  const choice = isObject(body.tool_choice) ? body.tool_choice : { type: "auto" };
  if (choice.type === "none") return null;
  if (choice.type === "any") return names[0]!;
  if (choice.type === "tool") return typeof choice.name === "string" ? choice.name : names[0]!;
  // After a tool_result turn the model answers in text, so agent loops terminate.
  return endsWithUserText(body.messages) && /call a tool/i.test(userText) ? names[0]! : null;
}

function validate(body: unknown): string | null {
  if (!isObject(body)) return "Request body must be a JSON object.";
  if (typeof body.model !== "string" || !body.model) return "model: Field required";
  // The real API refuses requests without max_tokens; a translating proxy must set it.
  if (typeof body.max_tokens !== "number") return "max_tokens: Field required";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "messages: at least one message is required";
  return null;
}

export async function anthropicMessages(ctx: RouteContext): Promise<void> {
  const { res, body } = ctx;
  const invalid = validate(body);
  if (invalid || !isObject(body)) return sendError(res, "anthropic", 400, invalid ?? "invalid request");
  const model = body.model as string;
  const behavior = behaviorFor(model, ctx.req.headers, ctx.opts);
  if (behavior.errorStatus) return simulatedError(res, "anthropic", behavior.errorStatus);
  if (behavior.hang) return; // left open on purpose until the client gives up

  const userText = lastUserText(body.messages);
  const inputTokens = estimateTokens([textOf(body.system), ...allTexts(body.messages)]);
  const toolName = pickTool(body, userText);
  const input = { echo: userText };
  const pieces = toolName
    ? splitArguments(JSON.stringify(input))
    : splitChunks(replyText(userText, behavior.completionBytes), behavior.chunks);
  const id = mockId("msg_");
  const toolUseId = mockId("toolu_");
  const stopReason = toolName ? "tool_use" : "end_turn";
  const usage = (output: number) => ({
    input_tokens: inputTokens,
    output_tokens: output,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  });

  if (body.stream !== true) {
    // A non-stream answer is ready when the stream would have finished.
    if (!(await pause(behavior.delayMs * pieces.length, ctx.signal))) return;
    const content = toolName
      ? [{ type: "tool_use", id: toolUseId, name: toolName, input }]
      : [{ type: "text", text: pieces.join("") }];
    return sendJson(res, "anthropic", 200, {
      id,
      type: "message",
      role: "assistant",
      model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: usage(pieces.length),
    });
  }

  const frames: Frame[] = [
    anthropicFrame({
      type: "message_start",
      message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: usage(1) },
    }),
    anthropicFrame({
      type: "content_block_start",
      index: 0,
      content_block: toolName ? { type: "tool_use", id: toolUseId, name: toolName, input: {} } : { type: "text", text: "" },
    }),
    anthropicFrame({ type: "ping" }),
    ...pieces.map((p) =>
      anthropicFrame(
        {
          type: "content_block_delta",
          index: 0,
          delta: toolName ? { type: "input_json_delta", partial_json: p } : { type: "text_delta", text: p },
        },
        true,
      ),
    ),
    anthropicFrame({ type: "content_block_stop", index: 0 }),
    anthropicFrame({ type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: pieces.length } }),
    anthropicFrame({ type: "message_stop" }),
  ];

  await playStream(
    {
      res,
      flavor: "anthropic",
      signal: ctx.signal,
      delayMs: behavior.delayMs,
      failAfterPaced: behavior.failMidStream ? 2 : undefined,
      onServerDestroy: ctx.markServerDestroyed,
    },
    frames,
  );
}
