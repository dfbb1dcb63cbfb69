/**
 * What the benchmark talks to. Every target answers the same OpenAI chat completion
 * from the same mock upstream; only the path in between differs.
 */
export type TargetName = "direct" | "floor" | "auriko" | "auriko-limits" | "auriko-nometer" | "auriko-next" | "portkey";

export type Endpoint = {
  origin: string;
  path: string;
  headers: Record<string, string>;
  model: string;
  /** The request body, when it is not a chat completion (requestBody). */
  body?: (stream: boolean) => Buffer;
};

export type Target = {
  name: TargetName;
  describe: string;
  /** The fast mock (no delay between chunks). */
  fast: Endpoint;
  /** The slow mock (50 ms between chunks), for the concurrent-streams phase. */
  slow: Endpoint;
  /** The processes whose memory and CPU count for this target. */
  pids: () => number[];
  /** For the slow-streams phase when other processes serve it (direct: the slow mock). */
  slowPids?: () => number[];
  /** True when requests go through Auriko's usage meter (rows in usage_events). */
  metered: boolean;
};

export const PROVIDER_KEY = "sk-bench-key";
export const OPENAI_MODEL = "gpt-4o-mini";
/** Served by the slow mock through the groq provider slot (any OpenAI-compatible upstream works). */
export const SLOW_MODEL = "llama-3.1-8b-instant";

const PROMPT = "Benchmark request: reply with about one kilobyte of text.";

export function requestBody(model: string, stream: boolean): Buffer {
  return Buffer.from(
    JSON.stringify({
      model,
      messages: [{ role: "user", content: PROMPT }],
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    }),
  );
}

const json = { "content-type": "application/json" };

export function directTarget(fastMock: string, slowMock: string, pids: () => number[], slowPids: () => number[]): Target {
  const headers = { ...json, authorization: `Bearer ${PROVIDER_KEY}` };
  return {
    name: "direct",
    describe: "the mock upstream itself (baseline)",
    fast: { origin: fastMock, path: "/v1/chat/completions", headers, model: OPENAI_MODEL },
    slow: { origin: slowMock, path: "/v1/chat/completions", headers, model: SLOW_MODEL },
    pids,
    slowPids,
    metered: false,
  };
}

/** The bare node:http pass-through (floor-proxy.ts): the machine's share of any proxy's added latency. */
export function floorTarget(origin: string, pids: () => number[]): Target {
  const headers = { ...json, authorization: `Bearer ${PROVIDER_KEY}` };
  return {
    name: "floor",
    describe: "bare node:http pass-through, no gateway work (reference)",
    fast: { origin, path: "/v1/chat/completions", headers, model: `openai/${OPENAI_MODEL}` },
    slow: { origin, path: "/v1/chat/completions", headers, model: `groq/${SLOW_MODEL}` },
    pids,
    metered: false,
  };
}

const DESCRIBE = {
  auriko: "production server, /api/v1 fast path (undici pool)",
  "auriko-limits": "the same server and path with a key that has every kind of limit (caps far above the load)",
  "auriko-nometer": "the same production server with the usage meter off (AURIKO_USAGE_METER=off)",
  "auriko-next": "Next.js route handler (next start, fetch transport)",
} as const;

export function aurikoTarget(name: keyof typeof DESCRIBE, origin: string, apiKey: string, pids: () => number[]): Target {
  const headers = { ...json, authorization: `Bearer ${apiKey}` };
  return {
    name,
    describe: DESCRIBE[name],
    fast: { origin, path: "/api/v1/chat/completions", headers, model: `openai/${OPENAI_MODEL}` },
    slow: { origin, path: "/api/v1/chat/completions", headers, model: `groq/${SLOW_MODEL}` },
    pids,
    metered: name !== "auriko-nometer",
  };
}

export function portkeyTarget(origin: string, fastMock: string, slowMock: string, pids: () => number[]): Target {
  const base = { ...json, authorization: `Bearer ${PROVIDER_KEY}`, "x-portkey-provider": "openai" };
  return {
    name: "portkey",
    describe: "@portkey-ai/gateway 1.15.2 (peer)",
    fast: { origin, path: "/v1/chat/completions", headers: { ...base, "x-portkey-custom-host": `${fastMock}/v1` }, model: OPENAI_MODEL },
    slow: { origin, path: "/v1/chat/completions", headers: { ...base, "x-portkey-custom-host": `${slowMock}/v1` }, model: SLOW_MODEL },
    pids,
    metered: false,
  };
}
