import type { IncomingMessage, ServerResponse } from "node:http";
import type { MockUpstreamOptions } from "./types";

/** What a route handler gets for one request whose body is already read and auth checked. */
export type RouteContext = {
  req: IncomingMessage;
  res: ServerResponse;
  body: unknown;
  opts: MockUpstreamOptions;
  /** Aborts when the client disconnects before the response is complete. */
  signal: AbortSignal;
  /** A deliberate server-side destroy ("fail-mid-stream") is not a client abort. */
  markServerDestroyed: () => void;
};

export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
