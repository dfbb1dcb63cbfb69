/**
 * The proxy fast path in its own process (as in production), for the zero-retention
 * test: its logs go to stderr, which the test captures to a file and searches.
 * Prints one JSON line with the origin and a tenant on stdout; SIGTERM flushes the
 * usage meter and exits.
 */
import { startProxyHarness } from "./proxy-harness";

const h = await startProxyHarness();
const t = await h.tenant(`ZDR ${process.pid}`);
process.stdout.write(JSON.stringify({ origin: h.origin, apiKey: t.apiKey, workspaceId: t.workspaceId }) + "\n");
process.on("SIGTERM", () => {
  void h.close().then(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
