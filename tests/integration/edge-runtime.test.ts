import { build } from "esbuild";
import { EdgeRuntime } from "edge-runtime";
import { describe, expect, it } from "vitest";

/**
 * The proxy core uses Web APIs only: bundled for a neutral platform (a `node:`
 * import would fail the build) and run inside the edge-runtime sandbox, it answers
 * streaming and non-streaming requests through the built-in mock provider.
 */
describe("proxy core in the edge runtime", () => {
  it("bundles without Node built-ins and streams inside the sandbox", async () => {
    const out = await build({
      entryPoints: ["tests/edge/edge-entry.ts"],
      bundle: true,
      platform: "neutral",
      format: "iife",
      write: false,
      mainFields: ["module", "main"],
      conditions: ["edge-light", "worker", "browser", "import", "default"],
      logLevel: "silent",
    });
    const code = out.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\(["']node:|from ["']node:/);

    const runtime = new EdgeRuntime();
    runtime.evaluate(code);
    const api = runtime.evaluate<{ key: string; usage: unknown[]; call: (p: string, i: RequestInit) => Promise<Response> }>("globalThis.__auriko");
    const headers = { authorization: `Bearer ${api.key}`, "content-type": "application/json" };

    const plain = await api.call("chat/completions", { method: "POST", headers, body: JSON.stringify({ model: "mock/echo", messages: [{ role: "user", content: "edge hello" }] }) });
    expect(plain.status).toBe(200);
    expect(JSON.parse(await plain.text()).choices[0].message.content).toContain("edge hello");

    const streamed = await api.call("chat/completions", {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "mock/echo", stream: true, messages: [{ role: "user", content: "edge stream" }] }),
    });
    expect(streamed.headers.get("content-type")).toContain("text/event-stream");
    const reader = streamed.body!.getReader();
    let text = "";
    let reads = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      reads++;
      text += new TextDecoder().decode(value);
    }
    expect(reads).toBeGreaterThan(3);
    expect(text).toContain("data: [DONE]");
    expect(text).not.toContain('"usage":{'); // the client did not ask for the usage chunk

    const denied = await api.call("chat/completions", { method: "POST", headers: { ...headers, authorization: "Bearer nope" }, body: "{}" });
    expect(denied.status).toBe(401);
    expect(api.usage.length).toBe(2);
  });
});
