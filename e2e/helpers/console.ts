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

/** The step-up prompt a sensitive action opens ("Confirm it's you"). */
export const stepUpDialog = (page: Page) => page.getByRole("dialog", { name: "Confirm it's you" });

/**
 * Answers the step-up prompt with the password; the refused action then runs again by
 * itself. The session stays confirmed for 5 minutes, so later changes do not ask.
 */
export async function confirmItsYou(page: Page, password: string): Promise<void> {
  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Password", { exact: true }).fill(password);
  await dialog.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(dialog).toHaveCount(0);
}
