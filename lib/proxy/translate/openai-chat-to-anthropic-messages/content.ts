import { TranslationError } from "../translation-error";
import type { AnthropicImageSource, AnthropicRequestBlock, OpenAIContentPart } from "./wire-types";

const IMAGE_MEDIA_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

type Base64Source = Extract<AnthropicImageSource, { type: "base64" }>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `data:` and http(s) image URLs; anything else has no Anthropic equivalent. */
export function imageSourceFromUrl(url: unknown, path: string): AnthropicImageSource {
  if (typeof url !== "string" || url === "") {
    throw new TranslationError(`${path} must be a non-empty string.`, path);
  }
  if (url.startsWith("data:")) {
    const comma = url.indexOf(",");
    const header = comma === -1 ? "" : url.slice(5, comma).toLowerCase();
    const params = header.split(";");
    const mediaType = params[0] === "image/jpg" ? "image/jpeg" : params[0] ?? "";
    if (comma === -1 || !params.includes("base64")) {
      throw new TranslationError(`${path} must be a base64 data URL.`, path);
    }
    if (!IMAGE_MEDIA_TYPES.has(mediaType)) {
      throw new TranslationError(
        `${path} has an unsupported image type; Anthropic models accept image/jpeg, image/png, image/gif and image/webp.`,
        path,
      );
    }
    return { type: "base64", media_type: mediaType as Base64Source["media_type"], data: url.slice(comma + 1) };
  }
  const scheme = url.slice(0, 8).toLowerCase();
  if (scheme.startsWith("https://") || scheme.startsWith("http://")) return { type: "url", url };
  throw new TranslationError(`${path} must be an http(s) URL or a base64 data URL.`, path);
}

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
