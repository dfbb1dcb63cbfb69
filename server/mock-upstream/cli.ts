import { parseArgs } from "node:util";
import { startMockUpstream } from "./index";

/**
 * Standalone mock upstream for the benchmark and demos:
 *   node --import tsx server/mock-upstream/cli.ts --port 4010 [--host 127.0.0.1]
 *        [--chunk-delay 0] [--completion-bytes 1024] [--chunks 20] [--record]
 * Prints its URL alone on stdout's first line (scripts read it); details go to stderr.
 */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    "chunk-delay": { type: "string" },
    "completion-bytes": { type: "string" },
    chunks: { type: "string" },
    // Off by default: nobody can read the records of a standalone process, and a long
    // benchmark would otherwise grow memory with every request.
    record: { type: "boolean", default: false },
  },
});

function num(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer, got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}

const mock = await startMockUpstream({
  port: num("port", values.port),
  host: values.host,
  chunkDelayMs: num("chunk-delay", values["chunk-delay"]),
  completionBytes: num("completion-bytes", values["completion-bytes"]),
  chunks: num("chunks", values.chunks),
  record: values.record,
});
process.stdout.write(`${mock.url}\n`);
process.stderr.write(
  `mock upstream listening: OpenAI baseURL ${mock.openaiBaseUrl}, Anthropic SDK baseURL ${mock.url}\n`,
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`mock upstream: ${signal}, closing\n`);
  await mock.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
