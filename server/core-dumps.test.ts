import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coreDumpsAllowed } from "./core-dumps";

const limits = (core: string) =>
  `Limit                     Soft Limit           Hard Limit           Units\nMax file size             unlimited            unlimited            bytes\nMax core file size        ${core}                bytes\n`;

describe("coreDumpsAllowed", () => {
  const dir = mkdtempSync(join(tmpdir(), "auriko-limits-"));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it("reads the soft core limit of /proc/<pid>/limits", () => {
    expect(coreDumpsAllowed(file("off", limits("0                    0")))).toBe(false);
    expect(coreDumpsAllowed(file("soft-off", limits("0                    unlimited")))).toBe(false);
    expect(coreDumpsAllowed(file("on", limits("unlimited            unlimited")))).toBe(true);
  });

  it("says nothing where there is no such file", () => {
    expect(coreDumpsAllowed(join(dir, "missing"))).toBeUndefined();
  });
});
