import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withWorkspace } from "../../lib/db";
import { childEnv, connect, superDbUrl } from "../support/db";

/**
 * Zero data retention: a random canary goes into prompts (system, user, tool
 * arguments), client metadata and `user`, and comes back in the upstream's reply,
 * across success and error paths. Afterwards the Postgres data directory (WAL
 * included, after a CHECKPOINT), the proxy's logs, .next/, .data/ and the temp
 * directory are searched for it, plain and base64: nothing may be found.
 */
const canary = `zdr${randomBytes(12).toString("hex")}`;
const logFile = join(tmpdir(), `auriko-proxy-log-${process.pid}-${Date.now()}.jsonl`);
const startedAt = Date.now();
let child: ChildProcess;
let origin = "";
let apiKey = "";
let workspaceId = "";

beforeAll(async () => {
  const fd = openSync(logFile, "w");
  child = spawn(process.execPath, ["--import", "tsx", "tests/support/proxy-child.ts"], {
    stdio: ["ignore", "pipe", fd],
    env: childEnv({ LOG_LEVEL: "trace" }),
  });
  closeSync(fd);
  const line = await new Promise<string>((ok, fail) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("\n")) ok(out.split("\n")[0]!);
    });
    child.on("exit", (c) => fail(new Error(`proxy child exited ${c}`)));
  });
  ({ origin, apiKey, workspaceId } = JSON.parse(line));
}, 60_000);

afterAll(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
});

const post = (path: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${origin}/api/v1/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });

function forms(s: string): Buffer[] {
  const out = [Buffer.from(s), Buffer.from(JSON.stringify(s).slice(1, -1))];
  for (const pad of ["", "a", "ab"]) {
    const b64 = Buffer.from(pad + s).toString("base64");
    out.push(Buffer.from(b64.slice(4, b64.length - 4)));
  }
  return out;
}

function search(root: string, needles: Buffer[], since = 0, hits: string[] = []): string[] {
  if (!existsSync(root)) return hits;
  for (const entry of readdirSync(root)) {
    const p = join(root, entry);
    // Other test files' servers run meanwhile: a file that goes away between listing and
    // reading (a postmaster.pid, a temporary file) holds nothing to find.
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      if (entry === "node_modules") continue;
      search(p, needles, since, hits);
    } else if (st.isFile() && st.size < 512 * 1024 * 1024 && st.mtimeMs >= since) {
      let data: Buffer;
      try {
        data = readFileSync(p);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw err;
      }
      if (needles.some((n) => data.includes(n))) hits.push(p);
    }
  }
  return hits;
}

describe("zero data retention", () => {
  it("leaves no trace of request or response content anywhere on disk", async () => {
    const tool = { type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } } };
    const messages = [
      { role: "system", content: `system ${canary}` },
      { role: "user", content: `user ${canary}` },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: JSON.stringify({ q: canary }) } }] },
      { role: "tool", tool_call_id: "call_1", content: `tool result ${canary}` },
      { role: "user", content: `again ${canary}` },
    ];
    const ok = (r: Response) => r.text();
    // Success, with the canary echoed back in the upstream's reply.
    const reply = await (await post("chat/completions", { model: "openai/gpt-4o-mini", messages, tools: [tool], metadata: { tag: canary }, user: canary })).text();
    expect(reply).toContain(canary);
    await post("chat/completions", { model: "openai/gpt-4o-mini", messages, stream: true }).then(ok);
    await post("chat/completions", { model: "anthropic/claude-sonnet-4-5", messages, stream: true }).then(ok);
    await post("messages", { model: "anthropic/claude-sonnet-4-5", max_tokens: 50, messages: [{ role: "user", content: canary }], metadata: { user_id: canary } }).then(ok);
    await post("chat/completions", { model: "mock/echo", messages, stream: true }).then(ok);
    // Error paths.
    expect((await post("chat/completions", { model: "openai/error-500", messages })).status).toBe(500);
    expect((await post("chat/completions", { model: "nope/model", messages })).status).toBe(404);
    expect((await post("chat/completions", { model: "openai/gpt-4o-mini", messages, api_key: canary })).status).toBe(400);
    expect((await post("chat/completions", `{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"${canary}"`)).status).toBe(400);
    expect((await post("chat/completions", { model: "openai/gpt-4o-mini", messages: [{ role: "user", content: canary.repeat(400_000) }] })).status).toBe(413);
    // A client that goes away mid-stream.
    const abort = new AbortController();
    const res = await post("chat/completions", { model: "openai/gpt-4o-slow", messages, stream: true }, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await new Promise((r) => setTimeout(r, 300));
    // A failure mid-stream.
    await post("chat/completions", { model: "openai/fail-mid-stream", messages, stream: true }).then(ok);

    // Flush the meter and stop the proxy, then make Postgres write everything down.
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    const rows = await withWorkspace(workspaceId, (tx) => tx.usageEvent.count());
    expect(rows).toBeGreaterThanOrEqual(8);
    const su = await connect(superDbUrl());
    await su.query("CHECKPOINT");
    await su.query("SELECT pg_switch_wal()");
    await su.end();

    const needles = forms(canary);
    // Positive control: the search does find the canary where it is, even base64-encoded.
    const control = join(tmpdir(), `auriko-zdr-control-${process.pid}`);
    const { mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    mkdirSync(control, { recursive: true });
    writeFileSync(join(control, "b64"), Buffer.from(`x${canary}`).toString("base64"));
    expect(search(control, needles)).toHaveLength(1);
    rmSync(control, { recursive: true, force: true });
    const hits = [
      ...search(inject("pgDataDir"), needles),
      ...search(resolve(".data"), needles),
      ...search(resolve(".next"), needles),
      ...search(tmpdir(), needles, startedAt),
    ];
    expect(statSync(logFile).size).toBeGreaterThan(0);
    expect(readFileSync(logFile, "utf8")).not.toContain(canary);
    expect(hits).toEqual([]);
  }, 120_000);
});
