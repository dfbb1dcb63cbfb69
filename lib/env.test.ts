import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, env, publishRuntimeEnv } from "./env";

const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  publishRuntimeEnv({});
});

describe("env()", () => {
  it("names the variable that is wrong", () => {
    publishRuntimeEnv({ PORT: "not-a-port" });
    expect(() => env()).toThrow(ConfigError);
    expect(() => env()).toThrow(/PORT/);
  });

  it("refuses production mode without the master key and session secret", () => {
    publishRuntimeEnv({ AURIKO_MODE: "production" });
    delete process.env.AURIKO_MASTER_KEY;
    delete process.env.NEXTAUTH_SECRET;
    publishRuntimeEnv({});
    expect(() => env()).toThrow(/AURIKO_MASTER_KEY and NEXTAUTH_SECRET/);
  });

  it("rejects a master key that is not 32 bytes of base64", () => {
    publishRuntimeEnv({ AURIKO_MASTER_KEY: Buffer.alloc(16).toString("base64") });
    expect(() => env()).toThrow(/AURIKO_MASTER_KEY: must be 32 random bytes/);
  });

  it("accepts production mode with both secrets", () => {
    publishRuntimeEnv({
      AURIKO_MODE: "production",
      AURIKO_MASTER_KEY: randomBytes(32).toString("base64"),
      NEXTAUTH_SECRET: "x".repeat(40),
    });
    expect(env().AURIKO_MODE).toBe("production");
  });
});

describe("production master key", () => {
  it("refuses a placeholder key", () => {
    publishRuntimeEnv({ AURIKO_MODE: "production", AURIKO_MASTER_KEY: Buffer.alloc(32).toString("base64"), NEXTAUTH_SECRET: "y".repeat(40) });
    expect(() => env()).toThrow(/placeholder/);
  });
});
