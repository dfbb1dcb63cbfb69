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
  toolArguments,
} from "./echo";
import { sendError, sendJson, simulatedError } from "./respond";
import { openaiFrame, pause, playStream, type Frame } from "./stream";

/** A fixed catalogue: enough for model pickers and "list models" passthrough tests. */
const MODELS: Array<[string, string]> = [
  ["gpt-4o-mini", "openai"],
  ["gpt-4o", "openai"],
  ["gpt-4.1-mini", "openai"],
  ["claude-sonnet-4-5", "anthropic"],
  ["claude-haiku-4-5", "anthropic"],
  ["mock-echo", "auriko-mock"],
];

export function listModels(ctx: RouteContext, flavor: "openai" | "anthropic"): void {
  const data = MODELS.map(([id, owner]) => ({ id, object: "model", created: 1_700_000_000, owned_by: owner }));
  sendJson(ctx.res, flavor, 200, { object: "list", data });
}

function usage(prompt: number, completion: number) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

/** The tool to call, or null: forced by tool_choice, or asked for in the last user turn. */
function pickTool(body: Record<string, unknown>, userText: string): string | null {
  const names = (Array.isArray(body.tools) ? body.tools : [])
    .map((t) => (isObject(t) && isObject(t.function) ? t.function.name : undefined))
    .filter((n): n is string => typeof n === "string");
  if (names.length === 0) return null;
  const choice = body.tool_choice;
  if (choice === "none") return null;
  if (choice === "required") return names[0]!;
  if (isObject(choice) && choice.type === "function" && isObject(choice.function)) {
    return typeof choice.function.name === "string" ? choice.function.name : names[0]!;
  }
  // Only a fresh user turn asks for a tool: after a tool result the model answers in text,
  // which lets agent loops built on the mock terminate.
  return endsWithUserText(body.messages) && /call a tool/i.test(userText) ? names[0]! : null;
}

export async function openaiChat(ctx: RouteContext): Promise<void> {
  const { res, body } = ctx;
  if (!isObject(body)) return sendError(res, "openai", 400, "We could not parse the JSON body of your request.");
  const model = body.model;
  if (typeof model !== "string" || !model) return sendError(res, "openai", 400, "you must provide a model parameter", "model");
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return sendError(res, "openai", 400, "'messages' must be a non-empty array.", "messages");
  }
  const behavior = behaviorFor(model, ctx.req.headers, ctx.opts);
  if (behavior.errorStatus) return simulatedError(res, "openai", behavior.errorStatus);
  if (behavior.hang) return; // left open on purpose until the client gives up

  const userText = lastUserText(body.messages);
  const promptTokens = estimateTokens(allTexts(body.messages));
  const toolName = pickTool(body, userText);
  const pieces = toolName
    ? splitArguments(toolArguments(userText))
    : splitChunks(replyText(userText, behavior.completionBytes), behavior.chunks);
  const id = mockId("chatcmpl-");
  const created = Math.floor(Date.now() / 1000);
  const toolCallId = mockId("call_");

  if (body.stream !== true) {
    // A non-stream answer is ready when the stream would have finished.
    if (!(await pause(behavior.delayMs * pieces.length, ctx.signal))) return;
    const message = toolName
      ? {
          role: "assistant",
          content: null,
          refusal: null,
          tool_calls: [{ id: toolCallId, type: "function", function: { name: toolName, arguments: pieces.join("") } }],
        }
      : { role: "assistant", content: pieces.join(""), refusal: null, annotations: [] };
    return sendJson(res, "openai", 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: toolName ? "tool_calls" : "stop" }],
      usage: usage(promptTokens, pieces.length),
      service_tier: "default",
      system_fingerprint: null,
    });
  }

  const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
  const base = { id, object: "chat.completion.chunk", created, model, service_tier: "default", system_fingerprint: null };
  // With include_usage the real API puts `usage: null` on every chunk but the last.
  const chunk = (delta: object, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const frames: Frame[] = [];
  if (toolName) {
    const opening = { index: 0, id: toolCallId, type: "function", function: { name: toolName, arguments: "" } };
    frames.push(openaiFrame(chunk({ role: "assistant", content: null, tool_calls: [opening] })));
    for (const p of pieces) frames.push(openaiFrame(chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] }), true));
    frames.push(openaiFrame(chunk({}, "tool_calls")));
  } else {
    frames.push(openaiFrame(chunk({ role: "assistant", content: "", refusal: null })));
    for (const p of pieces) frames.push(openaiFrame(chunk({ content: p }), true));
    frames.push(openaiFrame(chunk({}, "stop")));
  }
  if (includeUsage) frames.push(openaiFrame({ ...base, choices: [], usage: usage(promptTokens, pieces.length) }));
  frames.push({ data: "data: [DONE]\n\n", paced: false });

  await playStream(
    {
      res,
      flavor: "openai",
      signal: ctx.signal,
      delayMs: behavior.delayMs,
      failAfterPaced: behavior.failMidStream ? 2 : undefined,
      onServerDestroy: ctx.markServerDestroyed,
    },
    frames,
  );
}
