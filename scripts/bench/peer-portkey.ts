import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runToEnd, startChild, type Child } from "./children";
import { freePort, waitForHttp } from "./setup";

/**
 * The peer: the open-source Portkey gateway from npm, installed into a folder under the
 * system temp directory (never the repo) and reused by later runs. Facts that shape this:
 * 1.15.2 streams only with @hono/node-server 1.14.1 (later ones answer streaming requests
 * with 500 "TypeError: immutable"), hence the npm override; and it listens on every
 * interface, so a preload pins its listen() to 127.0.0.1.
 */
export const PORTKEY_VERSION = "1.15.2";
const HONO_NODE_SERVER = "1.14.1";
const DIR = join(tmpdir(), `auriko-bench-portkey-${PORTKEY_VERSION}`);
const ENTRY = join(DIR, "node_modules/@portkey-ai/gateway/build/start-server.js");

const BIND_LOOPBACK = `import net from "node:net";
// Injected by Auriko's benchmark: the gateway calls server.listen(port, undefined, cb).
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number" && (args[1] === undefined || typeof args[1] === "function")) {
    if (args[1] === undefined) args.splice(1, 1);
    args.splice(1, 0, "127.0.0.1");
  }
  return listen.apply(this, args);
};
`;

function versionOf(pkg: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(DIR, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

async function install(log: (s: string) => void): Promise<void> {
  if (versionOf("@portkey-ai/gateway") === PORTKEY_VERSION && versionOf("@hono/node-server") === HONO_NODE_SERVER && existsSync(ENTRY)) return;
  log(`  installing @portkey-ai/gateway@${PORTKEY_VERSION} into ${DIR}`);
  mkdirSync(DIR, { recursive: true });
  writeFileSync(
    join(DIR, "package.json"),
    JSON.stringify(
      {
        name: "auriko-bench-portkey",
        private: true,
        dependencies: { "@portkey-ai/gateway": PORTKEY_VERSION },
        overrides: { "@hono/node-server": HONO_NODE_SERVER },
      },
      null,
      2,
    ),
  );
  // No install scripts: the gateway's postinstall only runs patch-package, which has nothing to patch in the published build.
  await runToEnd("npm install (portkey)", "npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
    env: process.env,
    cwd: DIR,
    timeoutMs: 300_000,
  });
  if (versionOf("@hono/node-server") !== HONO_NODE_SERVER) throw new Error(`@hono/node-server is ${versionOf("@hono/node-server")}, not ${HONO_NODE_SERVER}`);
}

export type Peer = { child: Child; url: string; version: string };

export async function startPortkey(log: (s: string) => void): Promise<Peer> {
  await install(log);
  const preload = join(DIR, "bind-loopback.mjs");
  writeFileSync(preload, BIND_LOOPBACK);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startChild("portkey", process.execPath, ["--import", preload, ENTRY, `--port=${port}`, "--headless"], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production" },
    cwd: DIR,
  });
  await waitForHttp(`${url}/`, 60_000, child);
  assertLoopbackOnly(port);
  return { child, url, version: PORTKEY_VERSION };
}

/** Every listening socket on `port` must be bound to 127.0.0.1 (checked in /proc/net/tcp*). */
function assertLoopbackOnly(port: number): void {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== "0A" || !local?.endsWith(`:${hexPort}`)) continue;
      if (local !== `0100007F:${hexPort}`) throw new Error(`the peer listens on ${local}, not only 127.0.0.1`);
    }
  }
}
