import { expect, test, type Browser } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";
import { seedRoles, type SeededRoles } from "./helpers/auth";
import { BASE_URL, cli, signedInPage, confirmItsYou } from "./helpers/console";

/*
 * Limits through the console: an Admin sets a Member's key's budget, rate and model list
 * on the key's limits page; the gateway then answers the Member's key with a 429 once the
 * rate is used up and a 403 for a model off the list. The Member sees the limits read-only.
 */

let seeded: SeededRoles;


const signedIn = (browser: Browser, email: string) => signedInPage(browser, email, seeded.password);

async function chat(key: string, model: string) {
  const res = await fetch(`${BASE_URL}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

test.describe.serial("limits", () => {
  test.beforeAll(() => {
    seeded = seedRoles();
    cli(["provider:set", "--workspace", seeded.slug, "--provider", "mock"], "mock-e2e-limits-key\n");
  });

  test("an Admin sets a Member's key's budget, rate and models; the key then gets 429 and 403", async ({ browser }, testInfo) => {
    const member = await signedIn(browser, seeded.users.MEMBER);
    await member.goto(`/w/${seeded.slug}/keys`, { waitUntil: "networkidle" });
    await member.getByLabel(/^Name/).fill("limited service");
    await member.getByRole("button", { name: "Create key" }).click();
    await confirmItsYou(member, seeded.password);
    const key = await member.getByRole("textbox", { name: "Your new API key" }).inputValue();
    expect((await chat(key, "mock/echo")).status).toBe(200);

    // The Admin opens the key's limits from the keys table.
    const admin = await signedIn(browser, seeded.users.ADMIN);
    await admin.goto(`/w/${seeded.slug}/keys`, { waitUntil: "networkidle" });
    const row = admin.getByRole("row").filter({ hasText: "limited service" });
    await expect(row).toContainText("None");
    await row.getByRole("link", { name: /set limits of limited service/ }).click();
    await expect(admin.getByRole("heading", { name: /^Limits of limited service/ })).toBeVisible();
    await expect(admin.getByRole("heading", { name: "No limits" })).toBeVisible();

    await admin.getByLabel("Per day (UTC)").first().fill("5");
    await admin.getByLabel("Requests per minute").fill("3");
    await admin.getByLabel("Allowed models").fill("mock/*");
    await admin.getByRole("button", { name: "Save key limits" }).click();
    await expect(admin.getByText(/Limits saved/)).toBeVisible();
    await expect(admin.getByText("Requests this minute")).toBeVisible();
    await checkBothThemes(admin, testInfo, "key-limits");

    // A bad value is refused on its field, and what was saved stays.
    await admin.getByLabel("Requests per minute").fill("-2");
    await admin.getByRole("button", { name: "Save key limits" }).click();
    await expect(admin.getByText(/Requests per minute:/)).toBeVisible();
    await admin.reload({ waitUntil: "networkidle" });
    await expect(admin.getByLabel("Requests per minute")).toHaveValue("3");

    // Every instance applies a change within 5 seconds: the rate runs out, then a 429.
    const started = Date.now();
    let refused: Awaited<ReturnType<typeof chat>> | null = null;
    while (!refused && Date.now() - started < 15_000) {
      const answer = await chat(key, "mock/echo");
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(refused).not.toBeNull();
    expect(JSON.parse(refused!.body)).toMatchObject({ error: { type: "rate_limit_error", code: "rate_limit_exceeded" } });
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused!.headers.get("x-ratelimit-limit-requests")).toBe("3");

    const offList = await chat(key, "openai/gpt-4o-mini");
    expect(offList.status).toBe(403);
    expect(JSON.parse(offList.body)).toMatchObject({ error: { code: "model_not_allowed" } });

    // The Member sees the limits, read-only.
    await member.goto(`/w/${seeded.slug}/keys`, { waitUntil: "networkidle" });
    const mine = member.getByRole("row").filter({ hasText: "limited service" });
    await expect(mine).toContainText("3 req/min");
    await mine.getByRole("link", { name: /limits of limited service/ }).click();
    await expect(member.getByText(/USD 5\/day · 3 req\/min · 1 model/)).toBeVisible();
    await expect(member.getByRole("button", { name: "Save key limits" })).toHaveCount(0);
    await checkBothThemes(member, testInfo, "key-limits-member");
  });

  test("the workspace's limits on the settings page: an Owner sets them, the audit log records it", async ({ browser }, testInfo) => {
    const owner = await signedIn(browser, seeded.users.OWNER);
    await owner.goto(`/w/${seeded.slug}/settings`, { waitUntil: "networkidle" });
    const card = owner.getByRole("region", { name: "Limits" }).or(owner.locator("[aria-labelledby=limits-title]"));
    await card.getByLabel("Per month (UTC)").first().fill("250");
    await card.getByRole("button", { name: "Save workspace limits" }).click();
    await expect(card.getByText(/Limits saved/)).toBeVisible();
    await expect(card.getByText("Spend this month (UTC)")).toBeVisible();
    await checkBothThemes(owner, testInfo, "workspace-limits");
    await owner.goto(`/w/${seeded.slug}/audit`, { waitUntil: "networkidle" });
    await expect(owner.getByRole("row").filter({ hasText: "USD 250/month" }).first()).toBeVisible();
  });
});
