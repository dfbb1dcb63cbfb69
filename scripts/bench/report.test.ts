import { describe, expect, it } from "vitest";
import { checkGoals, type Summary } from "./report";
import type { Settings } from "./phases";

const settings = { streams: { count: 1000 } } as Settings;

function summary(on: { rps: number[]; p50: number[] }, off: { rps: number[]; p50: number[] }): Summary {
  const target = (t: { rps: number[]; p50: number[] }) => ({
    latency: { addedP50: t.p50.reduce((a, b) => a + b) / t.p50.length, addedP99: 1, perRoundAddedP50: t.p50 },
    ttfb: { addedP50: 0.5 },
    load: { rps: t.rps.reduce((a, b) => a + b) / t.rps.length, perRoundRps: t.rps, peakRssMb: 100, ratioToPeer: null },
  });
  return { auriko: target(on), "auriko-nometer": target(off) } as unknown as Summary;
}
const meter = (s: Summary) => checkGoals(s, settings).find((g) => g.goal.startsWith("metering"))!;

describe("the metering goal", () => {
  it("is missed when the meter costs the same share in every round, however much the rounds drift", () => {
    const g = meter(summary({ rps: [2360, 3176], p50: [0.6, 0.6] }, { rps: [2983, 4100], p50: [0.6, 0.6] }));
    expect(g.met).toBe(false);
    expect(g.value).toContain("-21.7 %");
  });

  it("is met when on and off differ by less than the paired comparisons differ from each other", () => {
    expect(meter(summary({ rps: [3000, 4000], p50: [0.5, 0.42] }, { rps: [3050, 3900], p50: [0.48, 0.45] })).met).toBe(true);
  });

  it("does not call a one-percent difference a miss because two rounds happened to agree", () => {
    expect(meter(summary({ rps: [3960, 3960], p50: [0.5, 0.5] }, { rps: [4000, 4000], p50: [0.48, 0.48] })).met).toBe(true);
  });

  it("is missed when the meter adds latency beyond the noise", () => {
    expect(meter(summary({ rps: [4000, 4000], p50: [0.7, 0.72] }, { rps: [4000, 4000], p50: [0.45, 0.46] })).met).toBe(false);
  });
});

describe("the latency goals", () => {
  it("show the floor measured in the same run beside the figure, and judge only the gateway's", () => {
    const s = summary({ rps: [3000, 3000], p50: [0.6, 0.6] }, { rps: [3000, 3000], p50: [0.6, 0.6] });
    const withFloor = { ...s, floor: { latency: { addedP50: 0.31, addedP99: 2.4 } } } as unknown as Summary;
    const goals = checkGoals(withFloor, settings);
    const p50 = goals.find((g) => g.goal.startsWith("added latency p50"))!;
    const p99 = goals.find((g) => g.goal.startsWith("added latency p99"))!;
    expect(p50.value).toBe("0.60 ms (floor 0.31 ms)");
    expect(p50.met).toBe(false);
    // A floor above the goal does not excuse the gateway, nor does it fail it.
    expect(p99.value).toBe("1.00 ms (floor 2.40 ms)");
    expect(p99.met).toBe(true);
  });
});
