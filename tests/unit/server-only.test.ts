import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every module under lib/ that the browser never imports carries `import "server-only"`, so
 * that a client component reaching one (by a new import, or through an index) fails the
 * Next build instead of shipping vault, database or credential code to the browser. The
 * modules the browser does import are found here by walking the import graph from every
 * "use client" file; they must stay free of the marker.
 */
const root = resolve(__dirname, "../..");
const tracked = execFileSync("git", ["ls-files", "app", "components", "lib"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.tsx?$/.test(f));
const source = (file: string) => readFileSync(resolve(root, file), "utf8");

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = resolve(root, spec.slice(2));
  else if (spec.startsWith(".")) base = resolve(root, dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate);
  }
  return null;
}

/** Value imports and re-exports only: `import type` and `export type` vanish from the bundle. */
const IMPORTS = /^\s*(?:import|export)\s+(?!type\b)[^;]*?\sfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

function browserModules(): Map<string, string> {
  const reachedFrom = new Map<string, string>();
  const queue = tracked.filter((f) => /^\s*["']use client["']/.test(source(f))).map((f): [string, string] => [f, "a client component"]);
  while (queue.length > 0) {
    const [file, from] = queue.shift()!;
    if (reachedFrom.has(file)) continue;
    reachedFrom.set(file, from);
    for (const match of source(file).matchAll(IMPORTS)) {
      const target = resolveImport(file, match[1] ?? match[2]!);
      if (target) queue.push([target, file]);
    }
  }
  return reachedFrom;
}

const MARKER = /^import "server-only";$/m;
const libModules = tracked.filter((f) => f.startsWith("lib/") && !/\.test\.tsx?$/.test(f) && !f.endsWith("stream-test-helpers.ts"));

describe('import "server-only"', () => {
  const browser = browserModules();

  it("finds the browser's modules (the walk itself works)", () => {
    expect(browser.has("lib/console/form-state.ts")).toBe(true);
    expect(browser.has("lib/status/types.ts")).toBe(true);
  });

  it("marks every lib module the browser does not import", () => {
    const unmarked = libModules.filter((f) => !browser.has(f) && !MARKER.test(source(f)));
    expect(unmarked, "add `import \"server-only\";` to these modules").toEqual([]);
  });

  it("leaves the marker out of every module a client component imports", () => {
    const marked = libModules.filter((f) => browser.has(f) && MARKER.test(source(f))).map((f) => `${f} (imported by ${browser.get(f)})`);
    expect(marked).toEqual([]);
  });

  it("keeps the vault, the database and the credentials away from the browser", () => {
    const sensitive = [...browser.keys()].filter((f) => /^lib\/(vault|db|credentials|keys|mfa|auth|proxy|gateway)\//.test(f));
    expect(sensitive).toEqual([]);
  });
});
