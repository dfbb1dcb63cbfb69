import { describe, expect, it } from "vitest";
import { csvHeader, csvLines, type RecentRow } from "./recent";

const row = (over: Partial<RecentRow>): RecentRow => ({
  id: "00000000-0000-0000-0000-000000000001", createdAt: new Date("2026-11-29T10:00:00Z"), keyLabel: "svc", provider: "openai",
  model: "openai/gpt-4o-mini", endpoint: "chat.completions", status: 200, stream: true, promptTokens: 10, completionTokens: 5,
  estimated: false, latencyMs: 123.456, ttfbMs: null, errorType: null, requestId: "req_0123456789ab000000000007",
  costUsd: 0.0000045, ...over,
});

describe("usage CSV", () => {
  it("writes one line per row with the header's columns", () => {
    const lines = (csvHeader() + csvLines([row({})])).trim().split("\r\n");
    expect(lines[1]).toBe("2026-11-29T10:00:00.000Z,svc,openai,openai/gpt-4o-mini,chat.completions,200,true,10,5,false,123.5,,,0.00000450,req_0123456789ab000000000007");
    expect(lines[0]!.split(",")).toHaveLength(lines[1]!.split(",").length);
  });

  it("quotes separators and defuses spreadsheet formulas in names", () => {
    const out = csvLines([row({ keyLabel: '=HYPERLINK("x"),1', model: "@evil/model" })]);
    expect(out).toContain(`"'=HYPERLINK(""x""),1"`);
    expect(out).toContain(",'@evil/model,");
  });
});
