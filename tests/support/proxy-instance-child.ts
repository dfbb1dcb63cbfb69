/**
 * A second proxy instance in its own process, sharing the test database: it has its own
 * API-key cache, which nothing in the test process can clear, so it shows what every
 * other instance of a deployment sees. Prints one JSON line with its origin; SIGTERM
 * flushes its meter and exits.
 */
import { startProxyHarness } from "./proxy-harness";

// AURIKO_TEST_UPSTREAM_OPENAI / _ANTHROPIC: the test process's mock, so both instances share one upstream.
const openaiBaseUrl = process.env.AURIKO_TEST_UPSTREAM_OPENAI;
const anthropicBaseUrl = process.env.AURIKO_TEST_UPSTREAM_ANTHROPIC;
const h = await startProxyHarness(openaiBaseUrl && anthropicBaseUrl ? { upstream: { openaiBaseUrl, anthropicBaseUrl } } : {});
process.stdout.write(JSON.stringify({ origin: h.origin }) + "\n");
process.on("SIGTERM", () => {
  void h.close().then(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
