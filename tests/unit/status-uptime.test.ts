import { describe, expect, it } from "vitest";
import {
  dailyBars,
  firstBarDay,
  formatUptime,
  slotStart,
  uptimePercent,
  uptimeRatio,
  worstCounted,
  type StateCounts,
} from "../../lib/status/public/uptime";

describe("uptime arithmetic", () => {
  it("counts a major outage as down and degraded performance as up", () => {
    expect(uptimeRatio({ operational: 90, major_outage: 10 })).toBeCloseTo(0.9, 10);
    expect(uptimeRatio({ operational: 50, degraded_performance: 50 })).toBe(1);
  });

  it("counts a partial outage as 30 % down", () => {
    expect(uptimeRatio({ partial_outage: 10 })).toBeCloseTo(0.7, 10);
    expect(uptimeRatio({ operational: 90, partial_outage: 10 })).toBeCloseTo(0.97, 10);
  });

  it("leaves maintenance out of the denominator", () => {
    expect(uptimeRatio({ operational: 99, major_outage: 1, under_maintenance: 100 })).toBeCloseTo(0.99, 10);
    expect(uptimeRatio({ under_maintenance: 288 })).toBeNull();
  });

  it("has no value without samples (no data is not up)", () => {
    expect(uptimeRatio({})).toBeNull();
    expect(uptimeRatio({ operational: 0 })).toBeNull();
  });

  it("a whole day of samples: one hour of major outage is 95.83 %", () => {
    const day: StateCounts = { operational: 276, major_outage: 12 };
    expect(formatUptime(uptimeRatio(day))).toBe("95.83%");
  });

  it("never rounds a shortfall up to 100 %", () => {
    const r = uptimeRatio({ operational: 99_999, major_outage: 1 });
    expect(formatUptime(r)).toBe("99.99%");
    expect(uptimePercent(r)).toBeLessThan(100);
    expect(formatUptime(1)).toBe("100%");
    expect(formatUptime(null)).toBe("No data");
  });

  it("the worst state of a day ranks outages above maintenance", () => {
    expect(worstCounted({ operational: 5, under_maintenance: 3, degraded_performance: 1 })).toBe("degraded_performance");
    expect(worstCounted({ operational: 5, under_maintenance: 3 })).toBe("under_maintenance");
    expect(worstCounted({})).toBeNull();
  });
});

describe("daily bars", () => {
  const now = new Date("2026-11-29T10:17:00Z");

  it("are 90 UTC days, oldest first, ending today", () => {
    const bars = dailyBars(new Map(), now);
    expect(bars).toHaveLength(90);
    expect(bars[0]!.date).toBe("2026-09-01");
    expect(bars[89]!.date).toBe("2026-11-29");
    expect(firstBarDay(now).toISOString()).toBe("2026-09-01T00:00:00.000Z");
  });

  it("mark days without samples as no data and compute the others", () => {
    const byDay = new Map<string, StateCounts>([
      ["2026-11-28", { operational: 288 }],
      ["2026-11-27", { operational: 144, partial_outage: 144 }],
      ["2026-11-26", { under_maintenance: 288 }],
    ]);
    const bars = dailyBars(byDay, now);
    const get = (d: string) => bars.find((b) => b.date === d)!;
    expect(get("2026-11-28")).toEqual({ date: "2026-11-28", uptime: 1, worst: "operational", samples: 288 });
    expect(get("2026-11-27").uptime).toBeCloseTo(0.85, 10);
    expect(get("2026-11-27").worst).toBe("partial_outage");
    expect(get("2026-11-26")).toEqual({ date: "2026-11-26", uptime: null, worst: "under_maintenance", samples: 288 });
    expect(get("2026-11-25")).toEqual({ date: "2026-11-25", uptime: null, worst: null, samples: 0 });
  });

  it("slots are 5-minute aligned", () => {
    expect(slotStart(new Date("2026-11-29T10:17:42.123Z")).toISOString()).toBe("2026-11-29T10:15:00.000Z");
    expect(slotStart(new Date("2026-11-29T10:15:00.000Z")).toISOString()).toBe("2026-11-29T10:15:00.000Z");
  });
});
