import "server-only";
import { RANGES, STATUS_FILTERS, type UsageFilters } from "../usage/filters";
import { firstParam } from "./safe-redirect";
import { isUuid } from "../uuid";

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

const get = (p: Params, k: string) => (p instanceof URLSearchParams ? (p.get(k) ?? undefined) : firstParam(p[k]));

/** The usage filters from a URL (`range`, `model`, `key`, `status`): only well-formed values survive. */
export function readUsageFilters(params: Params): UsageFilters {
  const range = get(params, "range");
  const model = get(params, "model")?.trim();
  const key = get(params, "key");
  const status = get(params, "status");
  return {
    range: (RANGES as readonly string[]).includes(range ?? "") ? (range as UsageFilters["range"]) : "7d",
    model: model && model.length <= 200 ? model : undefined,
    apiKeyId: isUuid(key) ? key.toLowerCase() : undefined,
    status: (STATUS_FILTERS as readonly string[]).includes(status ?? "") ? (status as UsageFilters["status"]) : undefined,
  };
}

/** The same filters as a query string (the default range is left out). */
export function usageQuery(f: UsageFilters): string {
  const q = new URLSearchParams();
  if (f.range !== "7d") q.set("range", f.range);
  if (f.model) q.set("model", f.model);
  if (f.apiKeyId) q.set("key", f.apiKeyId);
  if (f.status) q.set("status", f.status);
  return q.toString();
}
