// Compiles the production server from TypeScript into dist/server (the esbuild binary, in
// its own short-lived process, dependencies left to node_modules, about a second), so that
// the server runs on plain Node: no TypeScript loader and no compiler held in the memory of
// the server or its console worker. scripts/start.sh (`npm start`) runs this, then the server.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const OUT = resolve("dist/server");
// Built beside the target and moved in file by file: a server starting at the same moment
// in this checkout (a test, a benchmark) never reads a half-written bundle.
const staging = resolve("dist", `.build-${process.pid}`);
const esbuild = resolve("node_modules/esbuild/bin/esbuild");
const result = spawnSync(
  esbuild,
  [
    "server/start.ts",
    "server/console-worker.ts",
    "--bundle",
    "--platform=node",
    "--format=esm",
    "--target=node22",
    "--packages=external",
    "--sourcemap",
    "--log-level=warning",
    "--tsconfig=tsconfig.json",
    `--outdir=${staging}`,
  ],
  { stdio: "inherit" },
);
if (result.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write(`\nAuriko could not start: compiling the server failed (${result.error?.message ?? `exit ${result.status}`})\n`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
for (const name of readdirSync(staging)) renameSync(join(staging, name), join(OUT, name));
rmSync(staging, { recursive: true, force: true });
