/** The two wire formats this translation reads and writes, from their protocol folders. */
import "server-only";

export type * from "../../protocols/openai-chat/wire-types";
export type * from "../../protocols/anthropic-messages/wire-types";
export type { TokenUsage } from "../../types";
