/** Public types of the local mock upstream (OpenAI + Anthropic wire formats, no network). */

export type MockUpstreamOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the mock never listens beyond the machine unless asked. */
  host?: string;
  /** Pause between content chunks of a stream (default 0). Per request: header `x-mock-delay-ms`. */
  chunkDelayMs?: number;
  /** Bench mode: pad every reply to this many UTF-8 bytes (never cutting the echo). Unset = echo only. */
  completionBytes?: number;
  /** Bench mode: split the reply into this many equal pieces instead of one per word. */
  chunks?: number;
  /**
   * Keep a RecordedRequest per request (default true). A long benchmark run turns it off so
   * memory stays flat; `aborted` is counted either way.
   */
  record?: boolean;
};

export type RecordedRequest = {
  method: string;
  /** Pathname only (no query string), e.g. "/v1/chat/completions". */
  path: string;
  /** The raw request target, query string included. */
  url: string;
  /** As node gives them: lowercased names. */
  headers: Record<string, string | string[]>;
  /** Parsed JSON, the raw string when it is not JSON, null when empty. */
  body: unknown;
  /** Date.now() when the body had been read. */
  at: number;
  /** The provider key presented (Bearer token or x-api-key), null when none. */
  apiKey: string | null;
  /** Set when the client went away before the response was complete. */
  abortedAt?: number;
};

export type MockUpstream = {
  /** e.g. http://127.0.0.1:PORT — also the Anthropic SDK's baseURL (it appends /v1/messages). */
  url: string;
  /** url + "/v1": the OpenAI SDK's baseURL. */
  openaiBaseUrl: string;
  /** url + "/v1": for clients that append only "/messages". */
  anthropicBaseUrl: string;
  /** Live array, oldest first. */
  requests: RecordedRequest[];
  /** Live count of responses whose client disconnected before the end. */
  readonly aborted: number;
  /** Distinct provider keys seen since start/reset (BYOK assertions). */
  keysSeen(): Set<string>;
  /** Clears `requests`, `aborted` and the keys seen. */
  reset(): void;
  /** Stops listening and drops every open connection (hung requests included). */
  close(): Promise<void>;
};
