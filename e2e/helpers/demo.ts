import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { REPO_ROOT } from "./paths";

/** Must match `webServer.env.AURIKO_DATA_DIR` in playwright.config.ts. */
export const E2E_DATA_DIR = ".data/e2e";
export const DEMO_EMAIL = "demo@auriko.local";

export type DemoCredentials = { email: string; password: string };

/**
 * The demo user's credentials. The server generates the password into
 * `<data dir>/secrets.json` on first start, so this can only be read once the
 * web server is up (i.e. inside a test or hook, not at module load).
 */
export function demoCredentials(): DemoCredentials {
  const file = resolve(REPO_ROOT, E2E_DATA_DIR, "secrets.json");
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`cannot read ${file}: has the e2e server started? (${(err as Error).message})`);
  }
  const password = (JSON.parse(raw) as { demoPassword?: unknown }).demoPassword;
  if (typeof password !== "string" || !password) throw new Error(`${file} has no demoPassword`);
  return { email: DEMO_EMAIL, password };
}
