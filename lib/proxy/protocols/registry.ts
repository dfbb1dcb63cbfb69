import { anthropicMessages } from "./anthropic-messages";
import { openAIChat } from "./openai-chat";
import { openAIEmbeddings } from "./openai-embeddings";
import { openAIModels } from "./openai-models";
import type { WireProtocol } from "./types";

/**
 * Every endpoint under /api/v1, by path: one line per wire protocol folder. A new
 * endpoint is a new folder here plus its line.
 */
const BY_PATH = new Map<string, WireProtocol>([
  ["chat/completions", openAIChat],
  ["messages", anthropicMessages],
  ["embeddings", openAIEmbeddings],
  ["models", openAIModels],
]);

export function protocolFor(path: string): WireProtocol | undefined {
  return BY_PATH.get(path);
}

/** The endpoint paths, for messages that name them. */
export const ENDPOINT_PATHS: readonly string[] = [...BY_PATH.keys()];
