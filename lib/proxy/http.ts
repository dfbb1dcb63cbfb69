import { errors, ProxyError } from "./errors";

/**
 * Reading the request body with a hard size limit: a declared Content-Length over
 * the limit is refused before reading; otherwise reading stops at the limit.
 */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw errors.tooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw errors.tooLarge(limit);
    }
    parts.push(value);
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

const decoder = new TextDecoder();

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw new ProxyError(400, "invalid_request_error", "The body is not valid JSON.", null, "invalid_json");
  }
}

/** Reads at most `limit` bytes of an upstream body (error bodies are small; we cap them anyway). */
export async function readUpstreamText(body: ReadableStream<Uint8Array> | null, limit = 65_536): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  let text = "";
  const dec = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += dec.decode(value, { stream: true });
    if (text.length > limit) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return text + dec.decode();
}

/** An AbortSignal that fires when any of `signals` does. */
export function anySignal(signals: AbortSignal[]): { signal: AbortSignal; abort: (reason?: unknown) => void } {
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener("abort", () => controller.abort(s.reason), { once: true });
  }
  return { signal: controller.signal, abort: (reason) => controller.abort(reason) };
}
