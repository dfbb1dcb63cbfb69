import http from "node:http";
import { parseArgs } from "node:util";

/**
 * The benchmark's `floor`: the least a proxy in Node can do for the same request, on the
 * same machine, in the same run. `node:http` in, the body parsed and the model's provider
 * prefix removed, the request sent on with a keep-alive agent, and the upstream's answer
 * piped back unchanged. No authentication, no vault, no validation, no metering, no
 * logging: its added latency is what this machine charges for one more process and two
 * more loopback hops, the part of Auriko's figure that no gateway code can remove.
 *   node --import tsx scripts/bench/floor-proxy.ts --fast <mock url> --slow <mock url>
 * Models starting with `groq/` go to the slow mock, as they do through Auriko.
 * Prints its URL alone on stdout's first line.
 */
const { values } = parseArgs({ options: { fast: { type: "string" }, slow: { type: "string" } } });
if (!values.fast || !values.slow) {
  process.stderr.write("usage: floor-proxy.ts --fast <url> --slow <url>\n");
  process.exit(2);
}
const upstreams = { fast: new URL(values.fast), slow: new URL(values.slow) };
const agent = new http.Agent({ keepAlive: true, maxSockets: 2048 });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    let body: { model?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model?: unknown };
    } catch {
      res.writeHead(400).end();
      return;
    }
    const model = String(body.model ?? "");
    const to = model.startsWith("groq/") ? upstreams.slow : upstreams.fast;
    body.model = model.slice(model.indexOf("/") + 1);
    const out = Buffer.from(JSON.stringify(body));
    const up = http.request(
      {
        host: to.hostname,
        port: to.port,
        path: "/v1/chat/completions",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": out.length, authorization: req.headers.authorization ?? "" },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { "content-type": answer.headers["content-type"] ?? "application/json" });
        answer.pipe(res);
      },
    );
    up.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.on("close", () => {
      if (!res.writableFinished) up.destroy();
    });
    up.end(out);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const addr = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${addr.port}\n`);
});
