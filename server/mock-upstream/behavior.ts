import type { IncomingHttpHeaders } from "node:http";
import type { MockUpstreamOptions } from "./types";

/**
 * What one request should experience, decided from magic substrings of the model name
 * (so a test drives failures through the proxy without any side channel) and from the
 * `x-mock-*` headers (per-request pacing for demos).
 */
export type Behavior = {
  /** error-NNN in the model: answer that status in the provider's error shape. */
  errorStatus: number | null;
  /** "hang": never answer; the only way out is the client aborting. */
  hang: boolean;
  /** "fail-mid-stream": two content chunks, then the socket is destroyed. */
  failMidStream: boolean;
  delayMs: number;
  chunks: number | undefined;
  completionBytes: number | undefined;
};

const SLOW_DELAY_MS = 200;

function headerNumber(headers: IncomingHttpHeaders, name: string): number | undefined {
  const raw = headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function behaviorFor(model: string, headers: IncomingHttpHeaders, opts: MockUpstreamOptions): Behavior {
  const m = /error-(\d{3})/.exec(model);
  return {
    errorStatus: m ? Number(m[1]) : null,
    hang: model.includes("hang"),
    failMidStream: model.includes("fail-mid-stream"),
    // The header wins over the model, which wins over the server default.
    delayMs: headerNumber(headers, "x-mock-delay-ms") ?? (model.includes("slow") ? SLOW_DELAY_MS : opts.chunkDelayMs ?? 0),
    chunks: headerNumber(headers, "x-mock-chunks") ?? opts.chunks,
    completionBytes: headerNumber(headers, "x-mock-completion-bytes") ?? opts.completionBytes,
  };
}
