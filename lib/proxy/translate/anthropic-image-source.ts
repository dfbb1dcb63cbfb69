import "server-only";
import type { AnthropicImageSource } from "../protocols/anthropic-messages/wire-types";
import { TranslationError } from "./translation-error";

/** Image URLs as Anthropic takes them, for every translation into Messages. */
const IMAGE_MEDIA_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

type Base64Source = Extract<AnthropicImageSource, { type: "base64" }>;

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
