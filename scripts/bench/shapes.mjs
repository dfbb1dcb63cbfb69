// `npm run bench:shapes [-- --node PATH ...]`: which per-request object shapes outlive V8's
// young generation on each Node runtime. The request path avoids some shapes (a class for the
// provider's answer, no AbortController, no leading spread); docs/decisions.md says why, and
// this probe is how each choice is re-checked on a new runtime.
//
// Each case runs in its own `node --trace-gc-nvp` child: a loop builds one "request" per
// iteration (a body of about 1 KB, a closure, a small header object) wrapped in the shape
// under test, keeps the last 64 alive (requests in flight) and drops the rest. A shape that
// the collector treats well leaves almost nothing alive at each scavenge; one that it does
// not keeps its requests' bodies and closures alive until a full collection. Counts are in
// bytes and percentages, not seconds, so the figures hold on a busy machine.
import { spawnSync } from "node:child_process";

const CASES = {
  "class instance": `class Answer { constructor(r) { this.r = r; } get size() { return this.r.body.length; } }
    make = (r) => new Answer(r);`,
  "object literal with a getter": `make = (r) => ({ r, get size() { return r.body.length; } });`,
  "leading spread, then a property": `make = (r) => ({ ...r.headers, body: r.body, done: r.done });`,
  "spread copy, then assigned": `make = (r) => { const o = { ...r.headers }; o.body = r.body; o.done = r.done; return o; };`,
  "trailing spread (control)": `make = (r) => ({ body: r.body, done: r.done, ...r.headers });`,
  AbortController: `make = (r) => { const c = new AbortController(); c.signal.addEventListener("abort", r.done); return { r, signal: c.signal }; };`,
};

const LOOP = (setup) => `
let make;
${setup}
const live = new Array(64);
let sink = 0;
for (let i = 0; i < 400000; i++) {
  const body = "x".repeat(1000) + i;
  const r = { body, headers: { "content-type": "application/json", "x-request-id": "r" + i }, done: () => { sink += body.length; } };
  live[i & 63] = make(r);
  sink += live[(i + 1) & 63] === undefined ? 0 : 1;
}
process.stdout.write(String(sink > 0));
`;

function measure(node, setup) {
  const run = spawnSync(node, ["--trace-gc-nvp", "--max-semi-space-size=16", "-e", LOOP(setup)], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`${node} failed: ${run.stderr.slice(0, 500)}`);
  let scavenges = 0;
  let survived = 0;
  let promoted = 0;
  for (const line of run.stdout.split("\n")) {
    if (!/\bgc=s\b/.test(line)) continue;
    const field = (name) => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1] ?? 0);
    scavenges++;
    survived += field("new_space_survived") + field("promoted");
    promoted += field("promoted");
  }
  return { scavenges, survivedKbPerScavenge: survived / 1024 / Math.max(1, scavenges), promotedKbPerScavenge: promoted / 1024 / Math.max(1, scavenges) };
}

const args = process.argv.slice(2);
const nodes = [];
for (let i = 0; i < args.length; i++) if (args[i] === "--node") nodes.push(args[++i]);
if (nodes.length === 0) nodes.push(process.execPath);

for (const node of nodes) {
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  console.log(`\n${version} (${node})`);
  console.log("| shape | scavenges | KB alive per scavenge | KB promoted per scavenge |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const [name, setup] of Object.entries(CASES)) {
    const m = measure(node, setup);
    console.log(`| ${name} | ${m.scavenges} | ${m.survivedKbPerScavenge.toFixed(0)} | ${m.promotedKbPerScavenge.toFixed(0)} |`);
  }
}
