import "server-only";

/** The usage table's limit for a model id. */
export const MAX_MODEL_LENGTH = 200;

const MODEL = /^(?=.{3,200}$)([a-z0-9-]{1,32})\/([A-Za-z0-9._:@/+-]+)$/;

/** `provider/model`, 200 characters at most (the usage table's limit) → its parts; anything else is refused before any lookup. */
export function splitModel(model: string): { provider: string; upstreamModel: string } | null {
  const m = MODEL.exec(model);
  return m ? { provider: m[1]!, upstreamModel: m[2]! } : null;
}
