/**
 * Usage dashboard query benchmark: `npm run bench:usage [-- --rows 1000000 --runs 7]`.
 *
 * Starts a fresh embedded Postgres under .data/bench-usage (port 54389, never the
 * developer's or the tests'), creates a throwaway database and workspace, seeds
 * usage rows with generate_series as the owner role inside transactions that set
 * app.workspace_id (so RLS admits them and the rollup trigger maintains usage_daily),
 * then times the dashboard's reads through the real services (runtime role, RLS on)
 * and prints p50 / max per query. The database is dropped at the end.
 */
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { publishRuntimeEnv } from "../../lib/env";

publishRuntimeEnv({ AURIKO_DATA_DIR: ".data/bench-usage", AURIKO_EMBEDDED_PG_PORT: "54389", LOG_LEVEL: "warn", AURIKO_MODE: "demo" });

const { prepareRuntime } = await import("../../server/bootstrap");
const { db, disconnectPrisma } = await import("../../lib/db");
const { createWorkspace } = await import("../../lib/workspaces");
const { createApiKey } = await import("../../lib/keys");
const { resolveActor } = await import("../../lib/workspaces/context");
const usage = await import("../../lib/usage");

const args = parseArgs({ options: { rows: { type: "string" }, runs: { type: "string" }, days: { type: "string" }, keep: { type: "boolean" } } }).values;
const ROWS = Number(args.rows ?? 1_000_000);
const RUNS = Number(args.runs ?? 7);
const DAYS = Number(args.days ?? 30);
const CHUNK = 100_000;
const MODELS = [
  ["openai", "openai/gpt-4o-mini"], ["openai", "openai/gpt-4.1"], ["anthropic", "anthropic/claude-sonnet-4-5"],
  ["anthropic", "anthropic/claude-haiku-4-5"], ["groq", "groq/llama-3.3-70b-versatile"], ["mistral", "mistral/mistral-small-latest"],
  ["deepseek", "deepseek/deepseek-chat"], ["mock", "mock/echo"],
];

const database = `auriko_bench_usage_${Date.now()}`;
const rt = await prepareRuntime({ database });
const log = (s: string) => process.stderr.write(`${s}\n`);

try {
  const user = await db().user.create({ data: { email: `bench-${Date.now()}@example.test`, name: "bench", passwordHash: "x", emailVerifiedAt: new Date() } });
  const ws = await createWorkspace({ name: "Usage bench", ownerId: user.id, ownerEmail: user.email });
  const actor = await resolveActor({ userId: user.id, email: user.email, ip: "bench", operator: true }, ws.slug);
  const keyIds: string[] = [];
  for (let i = 0; i < 12; i++) keyIds.push((await createApiKey(actor, { name: `service ${i + 1}` })).record.id);

  const owner = new pg.Client({ connectionString: rt.ownerUrl });
  await owner.connect();
  const t0 = performance.now();
  for (let done = 0; done < ROWS; done += CHUNK) {
    const n = Math.min(CHUNK, ROWS - done);
    await owner.query("BEGIN");
    await owner.query("SELECT set_config('app.workspace_id', $1, true)", [ws.id]);
    await owner.query(
      `INSERT INTO usage_events (workspace_id, api_key_id, provider, model, endpoint, status, stream, prompt_tokens,
                                 completion_tokens, total_tokens, estimated, ttfb_ms, latency_ms, overhead_ms, error_type, created_at)
       SELECT $1::uuid, ($2::uuid[])[1 + floor(random() * cardinality($2::uuid[]))::int], ($3::text[])[1 + m], ($4::text[])[1 + m], 'chat.completions',
              st, s, p, c, p + c, s AND r3 < 0.1, CASE WHEN s THEN lat * (0.05 + r3 * 0.4) END, lat, 0.3 + r3,
              CASE WHEN st >= 500 THEN 'server_error' WHEN st >= 400 THEN 'rate_limit_error' END,
              now() - make_interval(days => $5) * (1 - (i + random()) / $8::float8)
         FROM (SELECT i, floor(random() * ${MODELS.length})::int AS m, random() < 0.6 AS s, random() AS r3,
                      (50 + random() * 2000)::int AS p, (random() * 600)::int AS c,
                      (80 + random() ^ 3 * 8000)::real AS lat,
                      CASE WHEN random() < 0.97 THEN 200 WHEN random() < 0.6 THEN 429 ELSE 502 END AS st
                 FROM generate_series($6::int, $7::int) AS i) g`,
      [ws.id, keyIds, MODELS.map((m) => m[0]), MODELS.map((m) => m[1]), DAYS, done, done + n - 1, ROWS],
    );
    await owner.query("COMMIT");
    log(`seeded ${done + n} rows (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  await owner.query("ANALYZE usage_events");
  await owner.query("ANALYZE usage_daily");
  await owner.query("BEGIN");
  await owner.query("SELECT set_config('app.workspace_id', $1, true)", [ws.id]);
  const counts = await owner.query("SELECT (SELECT count(*) FROM usage_daily)::int AS rollups");
  await owner.query("COMMIT");
  await owner.end();
  const seedSeconds = (performance.now() - t0) / 1000;

  const model = "anthropic/claude-sonnet-4-5";
  const cases: [string, () => Promise<unknown>][] = [
    ["overview (24h + 7d + 30d, each vs previous)", () => usage.getUsageOverview(actor)],
    ["dashboard 30d (totals, daily series, breakdowns)", () => usage.getUsageDashboard(actor, { range: "30d" })],
    ["dashboard 30d, model + key filter", () => usage.getUsageDashboard(actor, { range: "30d", model, apiKeyId: keyIds[0] })],
    ["dashboard 7d", () => usage.getUsageDashboard(actor, { range: "7d" })],
    ["dashboard 24h (raw rows, hourly)", () => usage.getUsageDashboard(actor, { range: "24h" })],
    ["recent table 30d (50 newest)", () => usage.listRecentUsage(actor, { range: "30d", limit: 50 })],
    ["recent table 30d, status 2xx", () => usage.listRecentUsage(actor, { range: "30d", status: "2xx", limit: 50 })],
    ["recent table 30d, status 5xx", () => usage.listRecentUsage(actor, { range: "30d", status: "5xx", limit: 50 })],
    ["recent table 24h, errors", () => usage.listRecentUsage(actor, { range: "24h", status: "errors", limit: 50 })],
    ["recent table 30d, model filter", () => usage.listRecentUsage(actor, { range: "30d", model, limit: 50 })],
    ["filter options", () => usage.getUsageFilterOptions(actor)],
    ["CSV export page (5,000 rows)", () => usage.listRecentUsage(actor, { range: "30d", limit: 5000 })],
  ];
  const results: { query: string; p50: number; max: number }[] = [];
  for (const [name, fn] of cases) {
    await fn(); // warm-up: connection, plan cache
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await fn();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    results.push({ query: name, p50: times[Math.floor((times.length - 1) / 2)]!, max: times.at(-1)! });
  }
  const width = Math.max(...results.map((r) => r.query.length));
  const lines = [
    `usage rows: ${ROWS.toLocaleString("en")} over ${DAYS} days, ${keyIds.length} keys, ${MODELS.length} models; rollup rows: ${counts.rows[0].rollups}; seeding took ${seedSeconds.toFixed(1)} s`,
    `${"query".padEnd(width)}  p50 ms   max ms   (${RUNS} runs)`,
    ...results.map((r) => `${r.query.padEnd(width)}  ${r.p50.toFixed(1).padStart(6)}  ${r.max.toFixed(1).padStart(7)}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  await disconnectPrisma();
  if (args.keep) {
    log(`kept database ${database} (workspace rows under app.workspace_id); stop with Ctrl-C`);
    await new Promise((r) => process.once("SIGINT", r));
  }
  const su = new pg.Client({ connectionString: rt.embedded!.superUrl() });
  await su.connect();
  await su.query(`DROP DATABASE IF EXISTS ${su.escapeIdentifier(database)} WITH (FORCE)`);
  await su.end();
  await rt.stop();
}
