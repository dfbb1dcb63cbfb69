import type { MessageCountTokensParams, MessageCreateParamsBase } from "@anthropic-ai/sdk/resources/messages/messages";
import type { ChatCompletionCreateParamsBase } from "openai/resources/chat/completions/completions";
import type { EmbeddingCreateParams } from "openai/resources/embeddings";
import type { ResponseCreateParamsBase } from "openai/resources/responses/responses";
import { describe, expect, expectTypeOf, it } from "vitest";
import { countTokensSchema } from "./anthropic-count-tokens";
import { messagesSchema } from "./anthropic-messages/schema";
import { chatSchema } from "./openai-chat/schema";
import { embeddingsSchema } from "./openai-embeddings/schema";
import { responsesSchema } from "./openai-responses/schema";

/**
 * Every parameter the official SDKs can send is one the gateway knows (validated and
 * inspected), so an SDK upgrade that adds one fails `npm run typecheck` here instead of
 * clients getting `unknown_parameter`. The type checks are the test; the runtime lines
 * keep vitest honest about the schemas being the ones the proxy uses.
 */
type Unknown<SdkParams, Schema extends { shape: object }> = Exclude<keyof SdkParams & string, keyof Schema["shape"]>;

describe("the wire schemas know every parameter of the official SDKs' types", () => {
  it("openai: chat completions, responses, embeddings", () => {
    expectTypeOf<Unknown<ChatCompletionCreateParamsBase, typeof chatSchema>>().toEqualTypeOf<never>();
    expectTypeOf<Unknown<ResponseCreateParamsBase, typeof responsesSchema>>().toEqualTypeOf<never>();
    expectTypeOf<Unknown<EmbeddingCreateParams, typeof embeddingsSchema>>().toEqualTypeOf<never>();
    expect(Object.keys(chatSchema.shape)).toContain("prompt_cache_key");
  });

  it("anthropic: messages and count_tokens", () => {
    expectTypeOf<Unknown<MessageCreateParamsBase, typeof messagesSchema>>().toEqualTypeOf<never>();
    expectTypeOf<Unknown<MessageCountTokensParams, typeof countTokensSchema>>().toEqualTypeOf<never>();
    expect(Object.keys(countTokensSchema.shape)).not.toContain("max_tokens");
  });
});
