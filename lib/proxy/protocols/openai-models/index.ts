import "server-only";
import { NO_STORE } from "../../errors";
import { openAIErrors } from "../error-shapes";
import type { ReadProtocol } from "../types";

/** One model as OpenAI's list and retrieve endpoints show it. */
export const modelEntry = (provider: string, model: string) => ({ id: `${provider}/${model}`, object: "model", created: 0, owned_by: provider });

/** GET /v1/models: the models of the providers this workspace holds a key for, as `provider/model`. */
export const openAIModels: ReadProtocol = {
  endpoint: "models",
  method: "GET",
  errors: openAIErrors,
  forwardHeaders: [],
  read: async (deps, key) => {
    const ids = await deps.providers.configured(key.workspaceId);
    const data = ids.flatMap((id) => {
      const p = deps.providers.get(id);
      return (p?.models ?? []).map((m) => modelEntry(id, m));
    });
    return { status: 200, headers: { "content-type": "application/json", ...NO_STORE }, body: JSON.stringify({ object: "list", data }) };
  },
};
