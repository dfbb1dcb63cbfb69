import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { publishRuntimeEnv } from "../env";
import { costUsd, loadPriceTable, priceOf } from "./prices";

afterEach(() => publishRuntimeEnv({ AURIKO_PRICES_FILE: "" }));

describe("price table", () => {
  it("prices a request from its tokens, per million, and knows every mock model is free", () => {
    expect(costUsd("openai/gpt-4o-mini", 1_000_000, 500_000)).toBeCloseTo(0.15 + 0.3, 10);
    expect(costUsd("mock/echo", 10_000, 10_000)).toBe(0);
    expect(costUsd("acme/unknown", 10, 10)).toBeNull();
  });

  it("merges the operator's file over the shipped table", () => {
    const dir = mkdtempSync(join(tmpdir(), "auriko-prices-"));
    const file = join(dir, "prices.json");
    writeFileSync(file, JSON.stringify({ "openai/gpt-4o-mini": { input: 1, output: 2 }, "acme/*": { input: 3, output: 4 } }));
    publishRuntimeEnv({ AURIKO_PRICES_FILE: file });
    expect(priceOf("openai/gpt-4o-mini")).toEqual({ input: 1, output: 2 });
    expect(priceOf("acme/anything")).toEqual({ input: 3, output: 4 });
    expect(priceOf("anthropic/claude-sonnet-4-5")).toEqual(loadPriceTable()["anthropic/claude-sonnet-4-5"]);
  });

  it("refuses a malformed operator file with its name and the problem", () => {
    const file = join(mkdtempSync(join(tmpdir(), "auriko-prices-")), "bad.json");
    writeFileSync(file, JSON.stringify({ "openai/gpt-4o": { input: -1, output: 2 } }));
    publishRuntimeEnv({ AURIKO_PRICES_FILE: file });
    expect(() => loadPriceTable()).toThrow(/bad\.json.*openai\/gpt-4o\.input/);
  });
});
