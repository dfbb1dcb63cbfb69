import "server-only";
import { errorReply, errors, NO_STORE } from "../../errors";
import { openAIErrors } from "../error-shapes";
import { modelEntry } from "../openai-models";
import type { ReadProtocol } from "../types";

/**
 * GET /v1/models/{provider/model}: one entry of GET /v1/models, for clients that look a
 * model up before using it. Models the listing does not name answer 404, as OpenAI does
 * for a model the key cannot use (any model id a provider accepts can still be requested).
 */
const PREFIX = "models/";

export const openAIModel: ReadProtocol = {
  endpoint: "models",
  method: "GET",
  errors: openAIErrors,
  forwardHeaders: [],
  read: async (deps, key, path) => {
    // SDKs percent-encode the id (the slash in provider/model among it).
    const id = decodeId(path.slice(PREFIX.length));
    const slash = id.indexOf("/");
    const providerId = slash > 0 ? id.slice(0, slash) : "";
    const model = id.slice(slash + 1);
    const provider = deps.providers.get(providerId);
    const listed = provider?.models?.includes(model) && (await deps.providers.configured(key.workspaceId)).includes(providerId);
    if (!listed) return errorReply(openAIErrors, errors.unknownModel(id.length <= 200 ? id : `${id.slice(0, 200)}…`));
    const body = JSON.stringify(modelEntry(providerId, model));
    return { status: 200, headers: { "content-type": "application/json", ...NO_STORE }, body };
  },
};

function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function isModelPath(path: string): boolean {
  return path.startsWith(PREFIX) && path.length > PREFIX.length;
}
