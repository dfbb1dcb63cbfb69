import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockUpstream, type MockUpstream } from "./index";
import { rejection, until } from "./test-helpers";

// Failure simulation, aborts, bookkeeping and the CLI; the happy-path wire formats are
// covered in openai-wire.test.ts and anthropic-wire.test.ts.
let mock: MockUpstream;
let oa: OpenAI;
let an: Anthropic;
const messages = [{ role: "user" as const, content: "one two three four" }];

beforeAll(async () => {
  mock = await startMockUpstream();
  // maxRetries 0: the SDKs would otherwise retry 429/500 (honouring retry-after: 3 s).
  oa = new OpenAI({ apiKey: "sk-test", baseURL: mock.openaiBaseUrl, maxRetries: 0 });
  an = new Anthropic({ apiKey: "sk-ant-test", baseURL: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const ANTHROPIC_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  429: "rate_limit_error",
  500: "api_error",
};

describe.each([400, 401, 429, 500])("model containing error-%i", (status) => {
  it.each([false, true])("OpenAI (stream: %s) surfaces an APIError in the OpenAI shape", async (stream) => {
    const err = await rejection(oa.chat.completions.create({ model: `gpt-4o-error-${status}`, messages, stream }));
    expect(err).toBeInstanceOf(OpenAI.APIError);
    const apiErr = err as InstanceType<typeof OpenAI.APIError>;
    expect(apiErr.status).toBe(status);
    expect(Object.keys(apiErr.error as object).sort()).toEqual(["code", "message", "param", "type"]);
    expect(apiErr.headers?.get("retry-after") ?? null).toBe(status === 429 ? "3" : null);
  });

  it.each([false, true])("Anthropic (stream: %s) surfaces an APIError in the Anthropic shape", async (stream) => {
    const err = await rejection(
      an.messages.create({ model: `claude-error-${status}`, max_tokens: 32, messages, stream }),
    );
    expect(err).toBeInstanceOf(Anthropic.APIError);
    const apiErr = err as InstanceType<typeof Anthropic.APIError>;
    expect(apiErr.status).toBe(status);
    expect(apiErr.error).toEqual({ type: "error", error: { type: ANTHROPIC_TYPES[status], message: expect.any(String) } });
    expect(apiErr.headers?.get("retry-after") ?? null).toBe(status === 429 ? "3" : null);
  });
});

describe("authentication", () => {
  it("answers 401 for a key containing 'invalid', in each provider's shape, and still records the key", async () => {
    const bad = new OpenAI({ apiKey: "sk-invalid-123456", baseURL: mock.openaiBaseUrl, maxRetries: 0 });
    const e1 = await rejection(bad.chat.completions.create({ model: "gpt-4o", messages }));
    expect(e1).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((e1 as InstanceType<typeof OpenAI.APIError>).code).toBe("invalid_api_key");

    const badAnt = new Anthropic({ apiKey: "sk-ant-invalid", baseURL: mock.url, maxRetries: 0 });
    const e2 = await rejection(badAnt.messages.create({ model: "claude", max_tokens: 8, messages }));
    expect(e2).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((e2 as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ error: { type: "authentication_error" } });

    expect(mock.keysSeen()).toEqual(new Set(["sk-invalid-123456", "sk-ant-invalid"]));
  });

  it("refuses a request without any key", async () => {
    const res = await fetch(`${mock.openaiBaseUrl}/chat/completions`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", param: null, code: null } });
  });
});

describe("fail-mid-stream", () => {
  it("OpenAI: two content chunks, then the connection drops (not counted as a client abort)", async () => {
    const stream = await oa.chat.completions.create({ model: "gpt-fail-mid-stream", messages, stream: true });
    const got: string[] = [];
    const err = await rejection((async () => {
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? "");
    })());
    expect(err).toBeInstanceOf(Error);
    expect(got.join("")).toBe("You said:");
    expect(mock.aborted).toBe(0);
  });

  it("Anthropic: two text deltas, then the connection drops", async () => {
    const stream = await an.messages.create({ model: "claude-fail-mid-stream", max_tokens: 32, messages, stream: true });
    const types: string[] = [];
    const err = await rejection((async () => {
      for await (const ev of stream) types.push(ev.type);
    })());
    expect(err).toBeInstanceOf(Error);
    expect(types).toEqual(["message_start", "content_block_start", "content_block_delta", "content_block_delta"]);
    expect(mock.aborted).toBe(0);
  });
});

describe("client aborts", () => {
  it("counts an aborted request to a 'hang' model and stamps abortedAt", async () => {
    const ac = new AbortController();
    const pending = oa.chat.completions.create({ model: "gpt-hang", messages }, { signal: ac.signal });
    await until(() => mock.requests.length === 1);
    ac.abort();
    expect(await rejection(pending)).toBeInstanceOf(OpenAI.APIUserAbortError);
    await until(() => mock.aborted === 1);
    expect(mock.requests[0]!.abortedAt).toBeGreaterThanOrEqual(mock.requests[0]!.at);
  });

  it("counts a 'slow' stream abandoned after its first delta and stops writing", async () => {
    const ac = new AbortController();
    const stream = await an.messages.create(
      { model: "claude-slow", max_tokens: 32, messages, stream: true },
      { signal: ac.signal },
    );
    const types: string[] = [];
    await rejection(
      (async () => {
        for await (const ev of stream) {
          types.push(ev.type);
          if (ev.type === "content_block_delta") ac.abort();
        }
        throw new Error("stream ended after abort"); // makes rejection() happy either way
      })(),
    );
    expect(types).not.toContain("message_stop");
    await until(() => mock.aborted === 1);
  });

  it("does not count completed responses", async () => {
    await oa.chat.completions.create({ model: "gpt-4o", messages });
    const s = await oa.chat.completions.create({ model: "gpt-4o", messages, stream: true });
    for await (const chunk of s) void chunk;
    await new Promise((r) => setTimeout(r, 50));
    expect(mock.aborted).toBe(0);
  });
});

describe("routing and bookkeeping", () => {
  it("answers unknown paths 404 and wrong methods 405, in the caller's error shape", async () => {
    const r1 = await fetch(`${mock.url}/v1/nope`, { headers: { authorization: "Bearer k" } });
    expect(r1.status).toBe(404);
    expect(await r1.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    const r2 = await fetch(`${mock.url}/v1/messages`, { headers: { "x-api-key": "k", "anthropic-version": "2023-06-01" } });
    expect(r2.status).toBe(405);
    expect(await r2.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  it("records a non-JSON body raw and answers 400", async () => {
    const res = await fetch(`${mock.openaiBaseUrl}/chat/completions?x=1`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: "not json",
    });
    expect(res.status).toBe(400);
    expect(mock.requests[0]).toMatchObject({ path: "/v1/chat/completions", url: "/v1/chat/completions?x=1", body: "not json" });
  });

  it("keeps connections alive, leaves /healthz unrecorded, and reset() clears everything", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status?: number; reused: boolean }>((resolve, reject) => {
        const req = http.get(`${mock.url}${path}`, { agent, headers: { authorization: "Bearer k-alive" } }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode, reused: req.reusedSocket }));
        });
        req.on("error", reject);
      });
    expect(await get("/healthz")).toEqual({ status: 200, reused: false });
    expect(await get("/v1/models")).toEqual({ status: 200, reused: true });
    agent.destroy();
    expect(mock.requests.map((r) => r.path)).toEqual(["/v1/models"]);
    mock.reset();
    expect(mock.requests).toEqual([]);
    expect(mock.keysSeen().size).toBe(0);
  });
});

describe("cli", () => {
  it("prints its URL, serves, and exits cleanly on SIGTERM", { timeout: 30_000 }, async () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", "server/mock-upstream/cli.ts", "--port", "0", "--chunks", "4"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if (out.includes("\n")) resolve(out.split("\n")[0]!);
        });
        child.once("exit", (code) => reject(new Error(`cli exited early with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const c = new OpenAI({ apiKey: "sk-cli", baseURL: `${url}/v1`, maxRetries: 0 });
      const stream = await c.chat.completions.create({ model: "m", messages, stream: true });
      let pieces = 0;
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) pieces++;
      expect(pieces).toBe(4);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      expect((await exited)[0]).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
