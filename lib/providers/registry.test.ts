import { describe, expect, it } from "vitest";
import { exampleModel, provider } from "./registry";

describe("exampleModel", () => {
  it("names mock/echo, which the mock provider serves, until the workspace has a provider key", () => {
    expect(provider("mock")?.models).toContain("echo");
    expect(exampleModel([], "chat.completions")).toBe("mock/echo");
    expect(exampleModel(["mock"], "messages")).toBe("mock/echo");
  });

  it("then a model of a provider the workspace has a key for that serves the endpoint", () => {
    expect(exampleModel(["mock", "openai"], "chat.completions")).toBe("openai/gpt-4.1");
    // OpenAI does not serve the Anthropic Messages API: the Anthropic SDK example stays on the mock.
    expect(exampleModel(["openai"], "messages")).toBe("mock/echo");
    expect(exampleModel(["anthropic", "openai"], "messages")).toBe("anthropic/claude-opus-4-1");
  });
});
