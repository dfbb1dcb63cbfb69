import { readFileSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";
import { seedRoles, type SeededRoles } from "./helpers/auth";
import { BASE_URL, cli, signedInPage, confirmItsYou } from "./helpers/console";

/*
 * Usage analytics end to end: real traffic through the gateway (mock provider), then the
 * usage page shows it in charts, in the recent-requests table and in the CSV, with no
 * trace of the prompts. A Member sees the totals but not other people's key names.
 */

const CANARY = `usage-canary-${Date.now().toString(36)}`;
let seeded: SeededRoles;


const signedIn = (browser: Browser, email: string) => signedInPage(browser, email, seeded.password);

async function chat(key: string, body: Record<string, unknown>, path = "/api/v1/chat/completions") {
  const res = await fetch(`${BASE_URL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.text(); // read streams to the end, so the request is complete and metered
  return res.status;
}

test.describe.serial("usage analytics", () => {
  test.beforeAll(() => {
    seeded = seedRoles();
    cli(["provider:set", "--workspace", seeded.slug, "--provider", "mock"], "mock-e2e-usage-key\n");
  });

  test("traffic through the proxy shows up in the charts, the table and the CSV, without content", async ({ browser }, testInfo) => {
    const page = await signedIn(browser, seeded.users.OWNER);
    await page.goto(`/w/${seeded.slug}/keys`, { waitUntil: "networkidle" });
    await page.getByLabel(/^Name/).fill("usage e2e service");
    await page.getByRole("button", { name: "Create key" }).click();
    await confirmItsYou(page, seeded.password);
    const key = await page.getByRole("textbox", { name: "Your new API key" }).inputValue();
    expect(key).toMatch(/^ak_live_/);

    const messages = [{ role: "user", content: `${CANARY} please echo` }];
    expect(await chat(key, { model: "mock/echo", messages })).toBe(200);
    expect(await chat(key, { model: "mock/echo", messages, stream: true })).toBe(200);
    expect(await chat(key, { model: "mock/echo", messages, stream: true, stream_options: { include_usage: true } })).toBe(200);
    expect(await chat(key, { model: "mock/echo", max_tokens: 32, messages }, "/api/v1/messages")).toBe(200);

    // The meter flushes every second: reload until the four rows are there.
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Usage", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
    const recent = page.getByRole("region", { name: "Recent requests", exact: true });
    await expect(async () => {
      await page.goto(`/w/${seeded.slug}/usage?range=24h`, { waitUntil: "networkidle" });
      await expect(recent.getByRole("row").filter({ hasText: "mock/echo" })).toHaveCount(4, { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });

    await expect(recent.getByRole("row").filter({ hasText: "usage e2e service" })).toHaveCount(4);
    await expect(page.getByRole("region", { name: "Recent requests", exact: true })).toContainText("Prompts and responses are never stored");
    await expect(page.getByRole("region", { name: "By model" })).toContainText("mock/echo");
    await expect(page.getByRole("region", { name: "By API key" })).toContainText("usage e2e service");
    // Real charts: recharts SVGs with drawn bars and lines.
    await expect(page.locator(".recharts-wrapper > svg.recharts-surface")).toHaveCount(4);
    await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.locator(".recharts-line-dot").first()).toBeVisible();
    expect(await page.content()).not.toContain(CANARY);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^auriko-usage-.*-24h-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toContain("time_utc,api_key,provider,model,endpoint,status");
    expect(lines.slice(1).filter((l) => l.includes("usage e2e service,mock,mock/echo"))).toHaveLength(4);
    expect(csv).not.toContain(CANARY);

    await checkBothThemes(page, testInfo, "usage");
  });

  test("a Member sees the workspace's usage but not other people's key names", async ({ browser }) => {
    const page = await signedIn(browser, seeded.users.MEMBER);
    await page.goto(`/w/${seeded.slug}/usage?range=24h`, { waitUntil: "networkidle" });
    await expect(page.getByRole("region", { name: "Recent requests", exact: true }).getByRole("row").filter({ hasText: "Other keys" })).toHaveCount(4);
    await expect(page.getByRole("region", { name: "By API key" })).toContainText("Other keys");
    expect(await page.content()).not.toContain("usage e2e service");
    const res = await page.request.get(`/w/${seeded.slug}/usage/export?range=24h`);
    expect(res.status()).toBe(200);
    expect(await res.text()).not.toContain("usage e2e service");
  });

  test("the CSV export answers 404 to a stranger and sends anonymous visitors to sign in", async ({ browser, playwright }) => {
    const page = await signedIn(browser, seeded.users.NONMEMBER);
    expect((await page.request.get(`/w/${seeded.slug}/usage/export`)).status()).toBe(404);
    const anon = await playwright.request.newContext({ baseURL: BASE_URL });
    const res = await anon.get(`/w/${seeded.slug}/usage/export`, { maxRedirects: 0 });
    expect(res.status()).toBe(303);
    expect(res.headers()["location"]).toContain("/login?callbackUrl=");
    await anon.dispose();
  });
});
