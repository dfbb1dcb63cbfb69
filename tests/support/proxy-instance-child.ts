/**
 * A second proxy instance in its own process, sharing the test database: it has its own
 * API-key cache, which nothing in the test process can clear, so it shows what every
 * other instance of a deployment sees. Prints one JSON line with its origin; SIGTERM
 * flushes its meter and exits.
 */
import { startProxyHarness } from "./proxy-harness";

const h = await startProxyHarness();
process.stdout.write(JSON.stringify({ origin: h.origin }) + "\n");
process.on("SIGTERM", () => {
  void h.close().then(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
