import "server-only";
import { errors, ProxyError } from "./errors";
import { AbortFlag } from "./abort";
import type { SignalLike, UpstreamResponse } from "./types";

/**
 * Reading the request body with a hard size limit: a declared Content-Length over
 * the limit is refused before reading; otherwise reading stops at the limit.
 */
export async function readBodyLimited(req: Pick<Request, "headers" | "body">, limit: number): Promise<Uint8Array> {
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

/** Strict: a byte sequence that is not UTF-8 is refused, not replaced with U+FFFD. */
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The request body as JSON: 400 for bytes that are not UTF-8 and for text that is not
 * JSON. (V8's JSON.parse is iterative, so any nesting parses; the depth limit is the
 * inspection's, lib/proxy/sanitize/inspect-body.ts.)
 */
export function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new ProxyError(400, "invalid_request_error", "The body is not valid UTF-8.", null, "invalid_encoding");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ProxyError(400, "invalid_request_error", "The body is not valid JSON.", null, "invalid_json");
  }
}

/** Reads at most `limit` characters of an upstream body (error bodies are small; we cap them anyway). */
export async function readUpstreamText(upstream: UpstreamResponse, limit = 65_536): Promise<string> {
  if (upstream.text) return upstream.text(limit);
  const body = upstream.body;
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

/**
 * The signal for one upstream call: aborted when the client goes away, when the core
 * aborts it (idle stream, client cancel), or when the provider has not answered with
 * headers within `timeoutMs`. A plain timer, cleared once headers arrive: an
 * `AbortSignal.timeout` per request would keep a listener alive for the whole timeout.
 * An AbortFlag, not an AbortController (see lib/proxy/abort.ts); the fetch transport
 * turns it into an AbortSignal.
 */
export function upstreamSignal(client: SignalLike, timeoutMs: number) {
  const flag = new AbortFlag();
  let timedOut = false;
  const onClient = () => flag.abort(client.reason);
  if (client.aborted) flag.abort(client.reason);
  else client.addEventListener("abort", onClient, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    flag.abort(new DOMException("The provider did not answer in time.", "TimeoutError"));
  }, timeoutMs);
  return {
    signal: flag as SignalLike,
    abort: (reason?: unknown) => flag.abort(reason),
    timedOut: () => timedOut,
    /** Headers are in: the connect timeout no longer applies. */
    answered: () => clearTimeout(timer),
    /** The exchange is over: drop the timer and the client listener. */
    done: () => {
      clearTimeout(timer);
      client.removeEventListener("abort", onClient);
    },
  };
}
