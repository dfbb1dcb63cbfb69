import "server-only";
import { anthropicCountTokens } from "./anthropic-count-tokens";
import { anthropicMessages } from "./anthropic-messages";
import { openAIChat } from "./openai-chat";
import { openAIEmbeddings } from "./openai-embeddings";
import { isModelPath, openAIModel } from "./openai-model";
import { openAIModels } from "./openai-models";
import { openAIResponses } from "./openai-responses";
import type { Endpoint } from "../types";
import type { WireProtocol } from "./types";

/**
 * Every endpoint under /api/v1, by path: one line per wire protocol folder. A new
 * endpoint is a new folder here plus its line.
 */
const BY_PATH = new Map<string, WireProtocol>([
  ["chat/completions", openAIChat],
  ["responses", openAIResponses],
  ["messages", anthropicMessages],
  ["messages/count_tokens", anthropicCountTokens],
  ["embeddings", openAIEmbeddings],
  ["models", openAIModels],
]);

export function protocolFor(path: string): WireProtocol | undefined {
  return BY_PATH.get(path) ?? (isModelPath(path) ? openAIModel : undefined);
}

/** The POST paths whose endpoint is one of `endpoints`, in registry order (for wrong_endpoint's message). */
export function pathsServing(endpoints: readonly Endpoint[]): string[] {
  return [...BY_PATH].filter(([, p]) => p.method === "POST" && endpoints.includes(p.endpoint)).map(([path]) => path);
}

/** The endpoint paths, for the answer to an unknown one. */
export const ENDPOINT_PATHS: readonly string[] = [...BY_PATH.keys(), "models/{model}"];
