import { latencyPhase, loadPhase, waitForQuiet, type Settings } from "./phases";
import { mean, ratio, round, summarize } from "./stats";
import { OPENAI_MODEL, PROVIDER_KEY, requestBody, type Endpoint, type Target } from "./targets";

/**
 * The proxy's other OpenAI endpoints against its chat path: each endpoint straight to
 * the mock and through the production server's fast path, non-streaming, at concurrency
 * 1 and 50, interleaved per round like the main phases. The question is whether a new
 * endpoint adds more than chat does, so every figure is the gateway's addition over the
 * same endpoint of the mock, measured in the same round.
 */
export type EndpointName = "chat" | "responses" | "embeddings";

const PROMPT = "Benchmark request: reply with about one kilobyte of text.";
const json = { "content-type": "application/json" };

const BODIES: Record<EndpointName, { path: string; body: (model: string) => Buffer }> = {
  chat: { path: "chat/completions", body: (model) => requestBody(model, false) },
  responses: { path: "responses", body: (model) => Buffer.from(JSON.stringify({ model, input: PROMPT })) },
  // 256 float dimensions: an answer of a few KB, like a small embedding model's.
  embeddings: { path: "embeddings", body: (model) => Buffer.from(JSON.stringify({ model, input: PROMPT, dimensions: 256, encoding_format: "float" })) },
};

export type EndpointPair = { name: EndpointName; direct: Target; auriko: Target };

function target(name: string, ep: Endpoint, pids: () => number[]): Target {
  return { name: name as Target["name"], describe: name, fast: ep, slow: ep, pids, metered: false };
}

export function endpointPairs(mockUrl: string, serverUrl: string, apiKey: string, pids: { mock: () => number[]; server: () => number[] }): EndpointPair[] {
  return (Object.keys(BODIES) as EndpointName[]).map((name) => {
    const { path, body } = BODIES[name];
    const model = name === "embeddings" ? "text-embedding-3-small" : OPENAI_MODEL;
    const direct: Endpoint = { origin: mockUrl, path: `/v1/${path}`, headers: { ...json, authorization: `Bearer ${PROVIDER_KEY}` }, model, body: () => body(model) };
    const auriko: Endpoint = { origin: serverUrl, path: `/api/v1/${path}`, headers: { ...json, authorization: `Bearer ${apiKey}` }, model: `openai/${model}`, body: () => body(`openai/${model}`) };
    return { name, direct: target(`direct ${name}`, direct, pids.mock), auriko: target(`auriko ${name}`, auriko, pids.server) };
  });
}

type Round = { directLatency: number[]; aurikoLatency: number[]; directRps: number; aurikoRps: number; errors: number };

export type EndpointFigures = {
  name: EndpointName;
  addedP50: number;
  addedP99: number;
  rpsDirect: number;
  rpsAuriko: number;
  ratioToDirect: number;
  perRoundRatioToDirect: number[];
  errors: number;
};

/** Runs `rounds` rounds over every pair; returns figures per endpoint. */
export async function endpointsPhase(pairs: EndpointPair[], s: Settings, log: (line: string) => void): Promise<EndpointFigures[]> {
  const latency = { ...s.latency, count: Math.ceil(s.latency.count / 2) };
  const load = { ...s.load, durationMs: Math.ceil(s.load.durationMs / 2) };
  const per = new Map<EndpointName, Round[]>(pairs.map((p) => [p.name, []]));
  // The warm-up: the server has served chat; the other endpoints' code paths get as many requests.
  for (const p of pairs) await latencyPhase(p.auriko, { ...s, latency: { ...latency, warmup: 0, count: s.warmup.requests } });
  for (let round = 1; round <= s.rounds; round++) {
    for (const p of pairs) {
      log(`round ${round}: endpoints: ${p.name}: ${latency.count} requests at concurrency 1 and concurrency ${load.concurrency} for ${load.durationMs / 1000} s, direct and through auriko`);
      await waitForQuiet();
      const dl = await latencyPhase(p.direct, { ...s, latency });
      await waitForQuiet();
      const al = await latencyPhase(p.auriko, { ...s, latency });
      await waitForQuiet();
      const dr = await loadPhase(p.direct, { ...s, load }, { pgDir: "" });
      await waitForQuiet();
      const ar = await loadPhase(p.auriko, { ...s, load }, { pgDir: "" });
      per.get(p.name)!.push({ directLatency: dl.raw, aurikoLatency: al.raw, directRps: dr.rps, aurikoRps: ar.rps, errors: dl.errors + al.errors + dr.errors + ar.errors });
    }
  }
  return pairs.map((p) => {
    const rounds = per.get(p.name)!;
    const d = summarize(rounds.flatMap((r) => r.directLatency));
    const a = summarize(rounds.flatMap((r) => r.aurikoLatency));
    const rpsDirect = mean(rounds.map((r) => r.directRps));
    const rpsAuriko = mean(rounds.map((r) => r.aurikoRps));
    return {
      name: p.name,
      addedP50: round(a.p50 - d.p50),
      addedP99: round(a.p99 - d.p99),
      rpsDirect: round(rpsDirect, 0),
      rpsAuriko: round(rpsAuriko, 0),
      ratioToDirect: ratio(rpsAuriko, rpsDirect),
      perRoundRatioToDirect: rounds.map((r) => ratio(r.aurikoRps, r.directRps)),
      errors: rounds.reduce((n, r) => n + r.errors, 0),
    };
  });
}

/**
 * The goal: no new endpoint adds more than chat. At c=1, its added p50 at most chat's
 * plus 0.1 ms (the run-to-run spread of added p50 on these machines); at c=50, its share
 * of the mock's requests/s at least 90 % of chat's share.
 */
export function endpointGoals(figures: EndpointFigures[]): Array<{ met: boolean; text: string }> {
  const chat = figures.find((f) => f.name === "chat");
  if (!chat) return [];
  return figures
    .filter((f) => f.name !== "chat")
    .map((f) => {
      const met = f.errors === 0 && f.addedP50 <= chat.addedP50 + 0.1 && f.ratioToDirect >= chat.ratioToDirect * 0.9;
      return { met, text: `${f.name} adds no more than chat: +p50 ${f.addedP50} ms vs chat ${chat.addedP50} ms; x direct ${f.ratioToDirect} vs chat ${chat.ratioToDirect}${f.errors ? `; ${f.errors} errors` : ""}` };
    });
}

export function renderEndpoints(figures: EndpointFigures[]): string {
  const head = "| endpoint   | +p50 ms | +p99 ms | rps direct | rps auriko | x direct | x direct per round |\n|------------|--------:|--------:|-----------:|-----------:|---------:|-------------------:|";
  const rows = figures.map((f) =>
    `| ${f.name.padEnd(10)} | ${String(f.addedP50).padStart(7)} | ${String(f.addedP99).padStart(7)} | ${String(f.rpsDirect).padStart(10)} | ${String(f.rpsAuriko).padStart(10)} | ${String(f.ratioToDirect).padStart(8)} | ${f.perRoundRatioToDirect.join(" / ").padStart(18)} |`,
  );
  return [head, ...rows].join("\n");
}
