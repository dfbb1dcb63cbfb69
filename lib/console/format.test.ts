import { describe, expect, it } from "vitest";
import { lookup } from "./format";

describe("lookup", () => {
  const labels: Record<"resolved" | "monitoring", string> = { resolved: "Resolved", monitoring: "Monitoring" };

  it("finds a known value's entry", () => {
    expect(lookup(labels, "resolved")).toBe("Resolved");
  });

  it("answers undefined for values it has no entry for, inherited names included", () => {
    expect(lookup(labels, "paused")).toBeUndefined();
    expect(lookup(labels, "constructor")).toBeUndefined();
    expect(lookup(labels, "toString")).toBeUndefined();
  });
});
