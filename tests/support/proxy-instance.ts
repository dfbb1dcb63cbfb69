import { spawn, type ChildProcess } from "node:child_process";
import { childEnv } from "./db";

/**
 * A second proxy instance in its own process (proxy-instance-child.ts) on the test
 * database: its caches and its limit leases are its own, as another instance's are.
 * `upstream`: send its provider traffic to this process's mock, so both instances share one.
 */
export async function startProxyInstance(opts: { env?: Record<string, string>; upstream?: { openaiBaseUrl: string; anthropicBaseUrl: string } } = {}) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "tests/support/proxy-instance-child.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: childEnv({
      LOG_LEVEL: "error",
      ...(opts.upstream ? { AURIKO_TEST_UPSTREAM_OPENAI: opts.upstream.openaiBaseUrl, AURIKO_TEST_UPSTREAM_ANTHROPIC: opts.upstream.anthropicBaseUrl } : {}),
      ...opts.env,
    }),
  });
  const origin = await new Promise<string>((ok, fail) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("\n")) ok(JSON.parse(out.split("\n")[0]!).origin);
    });
    child.on("exit", (c) => fail(new Error(`proxy instance exited ${c}`)));
  });
  return { origin, stop: () => void child.kill("SIGTERM") };
}
