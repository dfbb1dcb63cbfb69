import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { LoadFigures, Settings, StreamFigures, Timings } from "./phases";
import { mean, ratio, round, summarize } from "./stats";
import type { TargetName } from "./targets";

/**
 * Turns the rounds into figures: percentiles pooled over rounds, minus the same run's
 * `direct` baseline; requests/s as ratios per round (their spread is the stability
 * figure); the goals checked against the fast path.
 */
export type RoundFigures = { round: number; latency?: Timings; ttfb?: Timings; load?: LoadFigures };
export type TargetRun = { name: TargetName; describe: string; rounds: RoundFigures[]; streams?: StreamFigures };

const pooled = (runs: TargetRun, key: "latency" | "ttfb") => runs.rounds.flatMap((r) => r[key]?.raw ?? []);

function timingSummary(t: TargetRun, base: TargetRun, key: "latency" | "ttfb") {
  const mine = summarize(pooled(t, key));
  const theirs = summarize(pooled(base, key));
  return {
    p50: mine.p50,
    p99: mine.p99,
    n: mine.n,
    addedP50: round(mine.p50 - theirs.p50),
    addedP99: round(mine.p99 - theirs.p99),
    perRoundAddedP50: t.rounds.map((r, i) => round((r[key]?.summary.p50 ?? NaN) - (base.rounds[i]?.[key]?.summary.p50 ?? NaN))),
    perRoundAddedP99: t.rounds.map((r, i) => round((r[key]?.summary.p99 ?? NaN) - (base.rounds[i]?.[key]?.summary.p99 ?? NaN))),
    errors: t.rounds.reduce((n, r) => n + (r[key]?.errors ?? 0), 0),
  };
}

function loadSummary(t: TargetRun, base: TargetRun, peer?: TargetRun) {
  const rps = t.rounds.map((r) => r.load?.rps ?? NaN);
  const baseRps = base.rounds.map((r) => r.load?.rps ?? NaN);
  const peerRps = peer?.rounds.map((r) => r.load?.rps ?? NaN);
  const usage = t.rounds.map((r) => r.load?.usage).filter((u) => u !== undefined);
  return {
    rps: round(mean(rps), 0),
    perRoundRps: rps,
    ratioToDirect: ratio(mean(rps), mean(baseRps)),
    perRoundRatioToDirect: rps.map((v, i) => ratio(v, baseRps[i]!)),
    ratioToPeer: peerRps ? ratio(mean(rps), mean(peerRps)) : null,
    perRoundRatioToPeer: peerRps ? rps.map((v, i) => ratio(v, peerRps[i]!)) : null,
    peakRssMb: Math.max(...t.rounds.map((r) => r.load?.peakRssMb ?? 0)),
    cpuMsPerRequest: round(mean(t.rounds.map((r) => r.load?.cpuMsPerRequest ?? NaN))),
    cpuPctOfCore: round(mean(t.rounds.map((r) => r.load?.cpuPctOfCore ?? NaN)), 1),
    errors: t.rounds.reduce((n, r) => n + (r.load?.errors ?? 0), 0),
    usage: usage.length
      ? {
          rowsPerSec: round(mean(usage.map((u) => u.rowsPerSec)), 0),
          rowsPerRequest: round(mean(usage.map((u) => u.rowsPerRequest))),
          pgCpuPctOfCore: round(mean(usage.map((u) => u.pgCpuPctOfCore)), 1),
          pgCpuMsPer1000Rows: round(mean(usage.map((u) => u.pgCpuMsPer1000Rows)), 1),
        }
      : undefined,
  };
}

export type Summary = ReturnType<typeof summarizeRun>;

export function summarizeRun(runs: TargetRun[]) {
  const base = runs.find((r) => r.name === "direct")!;
  const peer = runs.find((r) => r.name === "portkey");
  return Object.fromEntries(
    runs.map((t) => [
      t.name,
      {
        latency: timingSummary(t, base, "latency"),
        ttfb: timingSummary(t, base, "ttfb"),
        load: loadSummary(t, base, t === peer ? undefined : peer),
        streams: t.streams,
      },
    ]),
  ) as Record<string, { latency: ReturnType<typeof timingSummary>; ttfb: ReturnType<typeof timingSummary>; load: ReturnType<typeof loadSummary>; streams?: StreamFigures }>;
}

export type Goal = { goal: string; value: string; met: boolean | null };

export function checkGoals(summary: Summary, settings: Settings): Goal[] {
  const a = summary.auriko;
  if (!a) return [];
  const peer = summary.portkey;
  const g = (goal: string, value: string, met: boolean | null): Goal => ({ goal, value, met });
  const s = a.streams;
  // The floor is reported beside the latency goals, never used to judge them.
  const floor = (key: "addedP50" | "addedP99") => (summary.floor ? ` (floor ${fmt(summary.floor.latency[key])} ms)` : "");
  return [
    g("added latency p50 <= 0.5 ms (c=1)", `${fmt(a.latency.addedP50)} ms${floor("addedP50")}`, a.latency.addedP50 <= 0.5),
    g("added latency p99 <= 2 ms (c=1)", `${fmt(a.latency.addedP99)} ms${floor("addedP99")}`, a.latency.addedP99 <= 2),
    g(
      "requests/s at c=50 >= 3x the peer",
      peer ? `${a.load.ratioToPeer}x (${a.load.rps} vs ${peer.load.rps} rps)` : "peer not measured (run with --peer portkey)",
      peer ? (a.load.ratioToPeer ?? 0) >= 3 : null,
    ),
    g("streaming TTFB added p50 <= 1 ms", `${fmt(a.ttfb.addedP50)} ms`, a.ttfb.addedP50 <= 1),
    g("peak RSS at c=50 <= 150 MB", `${a.load.peakRssMb} MB`, a.load.peakRssMb <= 150),
    g(
      `${settings.streams.count} concurrent slow streams all complete, RSS < 300 MB`,
      s ? `${s.completed}/${s.concurrent} completed, ${s.peakRssMb} MB, ${fmt(s.elapsedMs / 1000, 1)} s for all` : "not run",
      s ? s.allCompleted && s.peakRssMb < 300 : null,
    ),
    meterGoal(a, summary["auriko-nometer"]),
    ...limitsGoals(summary["auriko-limits"], peer),
  ];
}

/** With every kind of limit on the key (caps far above the load), the same goals as the fast path's. */
function limitsGoals(l: TargetSummary | undefined, peer: TargetSummary | undefined): Goal[] {
  if (!l) return [];
  return [
    { goal: "with limits on: added latency p50 <= 0.5 ms (c=1)", value: `${fmt(l.latency.addedP50)} ms`, met: l.latency.addedP50 <= 0.5 },
    {
      goal: "with limits on: requests/s at c=50 >= 3x the peer",
      value: peer ? `${l.load.ratioToPeer}x (${l.load.rps} vs ${peer.load.rps} rps)` : "peer not measured",
      met: peer ? (l.load.ratioToPeer ?? 0) >= 3 : null,
    },
  ];
}

type TargetSummary = Summary[string];

/**
 * Metering is off the request path when turning it off changes requests/s and added p50
 * by no more than the comparison's own noise. The two servers run in the same rounds, so
 * the comparison is paired per round (on / off in round 1, in round 2, …): machine drift
 * between rounds moves both alike and cancels. The noise is how much those per-round
 * comparisons differ from each other, and never less than a floor (3 % of requests/s,
 * 0.05 ms of p50), so two rounds that happen to agree do not make a tiny difference a miss.
 */
const METER_NOISE_FLOOR = { rps: 0.03, p50Ms: 0.05 };

function meterGoal(on: TargetSummary, off: TargetSummary | undefined): Goal {
  const goal = "metering on vs off within noise";
  if (!off) return { goal, value: "not measured", met: null };
  const spread = (xs: number[]) => (xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : 0);
  const avg = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / Math.max(xs.length, 1);
  const paired = <T>(a: T[], b: T[], f: (x: T, y: T) => number) => a.slice(0, b.length).map((x, i) => f(x, b[i]!));
  const rpsChange = paired(on.load.perRoundRps, off.load.perRoundRps, (x, y) => x / y - 1);
  const p50Change = paired(on.latency.perRoundAddedP50, off.latency.perRoundAddedP50, (x, y) => x - y);
  const rpsDiff = avg(rpsChange);
  const p50Diff = avg(p50Change);
  const rpsNoise = Math.max(spread(rpsChange), METER_NOISE_FLOOR.rps);
  const p50Noise = Math.max(spread(p50Change), METER_NOISE_FLOOR.p50Ms);
  const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;
  return {
    goal,
    value:
      `rps ${on.load.rps} on / ${off.load.rps} off (${pct(rpsDiff)} paired per round: ${rpsChange.map(pct).join(", ")}; noise ${(rpsNoise * 100).toFixed(1)} %), ` +
      `+p50 ${fmt(on.latency.addedP50)} / ${fmt(off.latency.addedP50)} ms (${p50Diff >= 0 ? "+" : ""}${fmt(p50Diff)} ms paired; noise ${fmt(p50Noise)} ms)`,
    // Slower with the meter on by more than the noise is a miss; faster never is.
    met: -rpsDiff <= rpsNoise && p50Diff <= p50Noise,
  };
}

export function fmt(n: number | null | undefined, digits = 2): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "-" : n.toFixed(digits);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? "-" : "").padEnd(w + 1, "-") + (i === 0 ? "-" : ":")).join("|")}|`, ...rows.map(line)].join("\n");
}

/** Markdown tables (they read fine in a terminal too). */
export function renderTables(summary: Summary): string {
  const names = Object.keys(summary);
  const main = table(
    ["target", "c=1 p50 ms", "+p50 ms", "+p99 ms", "rps c=50", "x direct", "x peer", "TTFB +p50 ms", "TTFB +p99 ms", "peak RSS MB", "CPU ms/req"],
    names.map((n) => {
      const s = summary[n]!;
      return [
        n,
        fmt(s.latency.p50, 3),
        n === "direct" ? "0" : fmt(s.latency.addedP50, 3),
        n === "direct" ? "0" : fmt(s.latency.addedP99, 3),
        fmt(s.load.rps, 0),
        fmt(s.load.ratioToDirect),
        fmt(s.load.ratioToPeer),
        n === "direct" ? "0" : fmt(s.ttfb.addedP50, 3),
        n === "direct" ? "0" : fmt(s.ttfb.addedP99, 3),
        fmt(s.load.peakRssMb, 1),
        fmt(s.load.cpuMsPerRequest, 3),
      ];
    }),
  );
  const rounds = table(
    ["target", "rps per round", "x direct per round", "x peer per round", "+p50 ms per round", "TTFB +p50 per round", "errors"],
    names.map((n) => {
      const s = summary[n]!;
      const list = (v: (number | null)[] | null, digits = 2) => (v ? v.map((x) => fmt(x, digits)).join(" / ") : "-");
      return [n, list(s.load.perRoundRps, 0), list(s.load.perRoundRatioToDirect), list(s.load.perRoundRatioToPeer), list(s.latency.perRoundAddedP50), list(s.ttfb.perRoundAddedP50), String(s.latency.errors + s.ttfb.errors + s.load.errors)];
    }),
  );
  const streams = table(
    ["target", "streams", "completed", "all done in s", "TTFB p50 ms", "TTFB max ms", "peak RSS MB"],
    names
      .filter((n) => summary[n]!.streams)
      .map((n) => {
        const s = summary[n]!.streams!;
        return [n, String(s.concurrent), String(s.completed), fmt(s.elapsedMs / 1000, 2), fmt(s.ttfb.p50, 1), fmt(s.ttfb.max, 1), fmt(s.peakRssMb, 1)];
      }),
  );
  const metered = names.filter((n) => summary[n]!.load.usage);
  const usage = table(
    ["target", "usage rows/s", "rows per request", "Postgres CPU % of a core", "Postgres CPU ms per 1000 rows"],
    metered.map((n) => {
      const u = summary[n]!.load.usage!;
      return [n, fmt(u.rowsPerSec, 0), fmt(u.rowsPerRequest, 3), fmt(u.pgCpuPctOfCore, 1), fmt(u.pgCpuMsPer1000Rows, 1)];
    }),
  );
  return `${main}\n\nStability across rounds:\n\n${rounds}\n\nConcurrent slow streams (upstream 50 ms between chunks, 20 chunks):\n\n${streams}\n\nUsage meter during the c=50 phase:\n\n${usage}\n`;
}

export function renderGoals(goals: Goal[]): string {
  return goals.map((g) => `  [${g.met === null ? "n/a " : g.met ? "met " : "MISS"}] ${g.goal}: ${g.value}`).join("\n");
}

/** The JSON file keeps summaries and per-round figures, not every sample. */
export function writeJson(path: string, data: { runs: TargetRun[] } & Record<string, unknown>): void {
  const runs = data.runs.map((t) => ({
    ...t,
    rounds: t.rounds.map((r) => ({
      round: r.round,
      latency: r.latency && { summary: r.latency.summary, errors: r.latency.errors, firstError: r.latency.firstError },
      ttfb: r.ttfb && { summary: r.ttfb.summary, errors: r.ttfb.errors, firstError: r.ttfb.firstError },
      load: r.load,
    })),
  }));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ ...data, runs }, null, 2) + "\n");
}
