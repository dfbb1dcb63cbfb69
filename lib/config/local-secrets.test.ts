import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLocalSecrets } from "./local-secrets";

describe("local secrets", () => {
  it("are generated once, kept with mode 0600, and stable across loads", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "auriko-secrets-")), "data");
    const first = loadLocalSecrets(dir, { demo: true });
    expect(first.created).toContain("masterKey");
    expect(Buffer.from(first.secrets.masterKey!, "base64")).toHaveLength(32);
    expect(statSync(join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
    const second = loadLocalSecrets(dir, { demo: true });
    expect(second.created).toEqual([]);
    expect(second.secrets).toEqual(first.secrets);
    expect(JSON.parse(readFileSync(join(dir, "secrets.json"), "utf8")).masterKey).toBe(first.secrets.masterKey);
  });

  it("never get a master key or session secret outside demo mode", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "auriko-secrets-")), "data");
    const { secrets, created } = loadLocalSecrets(dir, { demo: false });
    expect(created).not.toContain("masterKey");
    expect(created).not.toContain("nextauthSecret");
    expect(secrets.pgSuperPassword).toBeTruthy();
    const file = JSON.parse(readFileSync(join(dir, "secrets.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(file)).not.toContain("masterKey");
    expect(Object.keys(file)).not.toContain("nextauthSecret");
  });
});
