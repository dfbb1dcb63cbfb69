import type { ServerResponse } from "node:http";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { rateLimitHeaders, requestIdHeader, type Flavor } from "./respond";

/** One SSE frame. Only `paced` frames (content deltas) are spaced by the chunk delay. */
export type Frame = { data: string; paced: boolean };

export const openaiFrame = (payload: unknown, paced = false): Frame => ({ data: `data: ${JSON.stringify(payload)}\n\n`, paced });
export const anthropicFrame = (payload: { type: string; [field: string]: unknown }, paced = false): Frame => ({
  data: `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`,
  paced,
});

export type PlayContext = {
  res: ServerResponse;
  flavor: Flavor;
  /** Aborts when the response closes early (client gone). */
  signal: AbortSignal;
  delayMs: number;
  /** Destroy the socket right after this many paced frames ("fail-mid-stream"). */
  failAfterPaced?: number;
  /** Called before a deliberate destroy so it is not counted as a client abort. */
  onServerDestroy: () => void;
};

/** Sleeps unless the client leaves first; false means stop writing. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function writeFlushed(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => res.write(data, () => resolve()));
}

/**
 * Writes each frame with its own res.write as soon as it is due, so a client (and the
 * proxy under test) sees real incremental delivery: no buffering, first frames at once.
 */
export async function playStream(ctx: PlayContext, frames: Frame[]): Promise<void> {
  const { res, signal } = ctx;
  const [idName, idValue] = requestIdHeader(ctx.flavor);
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    [idName]: idValue,
    ...rateLimitHeaders(ctx.flavor, 200),
  });
  res.flushHeaders();
  let paced = 0;
  for (const frame of frames) {
    if (signal.aborted) return;
    if (frame.paced) {
      if (paced > 0 && !(await pause(ctx.delayMs, signal))) return;
      paced++;
      if (ctx.failAfterPaced !== undefined && paced === ctx.failAfterPaced) {
        // Wait until the bytes reach the kernel, then cut the connection without the
        // terminating chunk: the client sees a truncated stream, as on a provider crash.
        await writeFlushed(res, frame.data);
        ctx.onServerDestroy();
        res.destroy();
        return;
      }
    }
    if (!res.write(frame.data)) {
      try {
        await once(res, "drain", { signal });
      } catch {
        return;
      }
    }
  }
  res.end();
}
