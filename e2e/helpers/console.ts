import { execFileSync } from "node:child_process";
import { expect, type Browser, type Page } from "@playwright/test";
import { apiSignIn } from "./auth";
import { E2E_DATA_DIR } from "./demo";
import { REPO_ROOT } from "./paths";

/** The running e2e server (playwright.config.ts). */
export const BASE_URL = "http://127.0.0.1:3100";

/** The operator CLI against the running e2e server's database (it shares the embedded Postgres). */
export function cli(args: string[], input = ""): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    cwd: REPO_ROOT,
    input,
    encoding: "utf8",
    env: { ...process.env, AURIKO_DATA_DIR: E2E_DATA_DIR, AURIKO_EMBEDDED_PG_PORT: "54349", LOG_LEVEL: "error" },
  });
}

/** A page in a fresh browser context, signed in through the sign-in API. */
export async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  expect((await apiSignIn(context.request, email, password)).status()).toBeLessThan(400);
  return context.newPage();
}
