import { describe, expect, it } from "vitest";
import { splitModel } from "./model-name";

describe("splitModel", () => {
  it("splits provider/model", () => {
    expect(splitModel("openai/gpt-4o-mini")).toEqual({ provider: "openai", upstreamModel: "gpt-4o-mini" });
    expect(splitModel("openrouter/meta/llama-3:free")).toEqual({ provider: "openrouter", upstreamModel: "meta/llama-3:free" });
  });

  it("takes 200 characters in all, the most the usage table keeps, and refuses one more", () => {
    const at200 = `openai/${"m".repeat(193)}`;
    expect(at200).toHaveLength(200);
    expect(splitModel(at200)?.upstreamModel).toHaveLength(193);
    expect(splitModel(`${at200}m`)).toBeNull();
  });

  it("refuses what is not provider/model", () => {
    for (const m of ["gpt-4o-mini", "OpenAI/gpt", "openai/", "/gpt", "openai/gpt 4", "openai/gpt\u0000", ""]) expect(splitModel(m)).toBeNull();
  });
});
