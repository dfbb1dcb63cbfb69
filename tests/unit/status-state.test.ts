import { describe, expect, it } from "vitest";
import { providerOutcome } from "../../lib/status/public/provider-signal";
import { deriveComponentState, healthSignalState, overallIndicator, providerSignalState } from "../../lib/status/public/state";

const base = { override: null, incidentStates: [], inMaintenance: false, automatic: "operational" } as const;

describe("component state precedence", () => {
  it("is operational when nothing says otherwise", () => {
    expect(deriveComponentState(base)).toEqual({ state: "operational", source: "signal" });
  });

  it("an operator's override wins outright, in both directions", () => {
    expect(deriveComponentState({ ...base, override: "operational", automatic: "major_outage", incidentStates: ["partial_outage"] }))
      .toEqual({ state: "operational", source: "override" });
    expect(deriveComponentState({ ...base, override: "partial_outage" })).toEqual({ state: "partial_outage", source: "override" });
  });

  it("takes the worst of incidents and the automatic signal", () => {
    expect(deriveComponentState({ ...base, incidentStates: ["degraded_performance", "major_outage"] }))
      .toEqual({ state: "major_outage", source: "incident" });
    expect(deriveComponentState({ ...base, incidentStates: ["degraded_performance"], automatic: "partial_outage" }))
      .toEqual({ state: "partial_outage", source: "signal" });
  });

  it("shows maintenance, ignores the automatic signal during it, and lets an incident outrank it", () => {
    expect(deriveComponentState({ ...base, inMaintenance: true })).toEqual({ state: "under_maintenance", source: "maintenance" });
    expect(deriveComponentState({ ...base, inMaintenance: true, automatic: "major_outage" }).state).toBe("under_maintenance");
    expect(deriveComponentState({ ...base, inMaintenance: true, incidentStates: ["partial_outage"] }))
      .toEqual({ state: "partial_outage", source: "incident" });
  });

  it("console and API follow the database health check", () => {
    expect(healthSignalState(true)).toBe("operational");
    expect(healthSignalState(false)).toBe("major_outage");
  });

  it("the overall indicator is the worst shown state", () => {
    expect(overallIndicator(["operational", "operational"])).toEqual({ indicator: "operational", description: "All systems operational" });
    expect(overallIndicator(["operational", "under_maintenance", "degraded_performance"]).indicator).toBe("degraded_performance");
    expect(overallIndicator([]).indicator).toBe("operational");
  });
});

describe("provider error-rate thresholds", () => {
  it("needs enough traffic and enough failures before judging", () => {
    expect(providerSignalState(19, 19)).toBe("operational");
    expect(providerSignalState(20, 2)).toBe("operational");
    expect(providerSignalState(1000, 2)).toBe("operational");
  });

  it("degrades at 5 %, partial outage at 25 %, major outage at 90 %", () => {
    expect(providerSignalState(100, 4)).toBe("operational");
    expect(providerSignalState(100, 5)).toBe("degraded_performance");
    expect(providerSignalState(100, 24)).toBe("degraded_performance");
    expect(providerSignalState(100, 25)).toBe("partial_outage");
    expect(providerSignalState(100, 89)).toBe("partial_outage");
    expect(providerSignalState(100, 90)).toBe("major_outage");
  });
});

describe("what counts as a provider failure", () => {
  const o = (status: number, errorType: string | null = null) => providerOutcome({ status, errorType });

  it("provider 5xx, unreachable, timeouts, broken streams and unreadable answers are failures", () => {
    expect(o(500, "upstream_error")).toBe("failure");
    expect(o(503, "overloaded")).toBe("failure");
    expect(o(529, "overloaded_error")).toBe("failure");
    expect(o(502, "upstream_unreachable")).toBe("failure");
    expect(o(504, "upstream_timeout")).toBe("failure");
    expect(o(502, "upstream_invalid_response")).toBe("failure");
    expect(o(502, "upstream_error")).toBe("failure");
    expect(o(502, "idle_timeout")).toBe("failure");
    expect(o(408, "upstream_timeout")).toBe("failure");
  });

  it("a tenant's own mistakes are answers, not failures", () => {
    expect(o(200)).toBe("success");
    expect(o(400, "upstream_bad_request")).toBe("success");
    expect(o(401, "invalid_api_key")).toBe("success");
    expect(o(403, "upstream_permission")).toBe("success");
    expect(o(404, "model_not_found")).toBe("success");
    expect(o(413, "upstream_too_large")).toBe("success");
    expect(o(422, "upstream_unprocessable")).toBe("success");
    expect(o(429, "rate_limit_exceeded")).toBe("success");
  });

  it("requests that never tested the provider are not counted", () => {
    expect(o(499, "client_closed")).toBe("ignored");
    expect(o(499, "client_abort")).toBe("ignored");
    expect(o(400, "provider_not_configured")).toBe("ignored");
  });
});
