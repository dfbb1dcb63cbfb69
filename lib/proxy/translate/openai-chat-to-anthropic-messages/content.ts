import "server-only";
import { TranslationError } from "../translation-error";
import { imageSourceFromUrl } from "../anthropic-image-source";
import { isRecord } from "../../stream/sse-events";
import type { AnthropicRequestBlock, OpenAIContentPart } from "./wire-types";

/**
 * Text of a message whose content may only be text (system, developer, tool).
 * Parts are joined without a separator, as OpenAI concatenates them.
 */
export function textOnlyContent(content: unknown, path: string): string {
  if (typeof content === "string") return content;
  if (content === null || content === undefined) return "";
  if (!Array.isArray(content)) throw new TranslationError(`${path} must be a string or an array of parts.`, path);
  return content
    .map((part: unknown, i) => {
      const partPath = `${path}[${i}]`;
      if (!isRecord(part) || part.type !== "text" || typeof part.text !== "string") {
        throw new TranslationError(`${partPath} must be a text part.`, partPath);
      }
      return part.text;
    })
    .join("");
}

/**
 * User or assistant content as Anthropic blocks. Empty text is dropped because
 * Anthropic rejects empty text blocks.
 */
export function contentToBlocks(
  content: string | OpenAIContentPart[] | null | undefined,
  path: string,
  role: "user" | "assistant",
): AnthropicRequestBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw new TranslationError(`${path} must be a string or an array of parts.`, path);

  const blocks: AnthropicRequestBlock[] = [];
  content.forEach((part: unknown, i) => {
    const partPath = `${path}[${i}]`;
    if (!isRecord(part)) throw new TranslationError(`${partPath} must be an object.`, partPath);
    // Assistant history may carry refusal parts; they were text the model produced.
    if (part.type === "text" || (part.type === "refusal" && role === "assistant")) {
      const text = part.type === "text" ? part.text : part.refusal;
      if (typeof text !== "string") throw new TranslationError(`${partPath} has no text.`, partPath);
      if (text !== "") blocks.push({ type: "text", text });
      return;
    }
    if (part.type === "image_url" && role === "user") {
      const imageUrl = isRecord(part.image_url) ? part.image_url.url : undefined;
      blocks.push({ type: "image", source: imageSourceFromUrl(imageUrl, `${partPath}.image_url.url`) });
      return;
    }
    throw new TranslationError(
      `${partPath}.type is not a part type Anthropic models accept in this message.`,
      `${partPath}.type`,
    );
  });
  return blocks;
}
