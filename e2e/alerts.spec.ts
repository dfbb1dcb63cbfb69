import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { checkBothThemes, setColorScheme } from "./helpers/a11y";
import { seedRoles, type SeededRoles } from "./helpers/auth";

/*
 * Alert destinations through the real UI: an Admin adds a webhook and sees its signing
 * secret once (afterwards only its first characters); a Member has no Alerts page.
 */

const BASE_URL = "http://127.0.0.1:3100";
let seeded: SeededRoles;

test.beforeAll(() => {
  seeded = seedRoles();
});

async function signIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: BASE_URL })).newPage();
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(seeded.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${seeded.slug}$`));
  return page;
}

/** axe in both themes without a screenshot, for the state that shows the secret. */
async function expectNoAxeViolations(page: Page) {
  for (const theme of ["light", "dark"] as const) {
    await setColorScheme(page, theme);
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(violations.map((v) => `${theme}: ${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  }
}

test.describe.serial("alerts", () => {
  test("an Admin adds a webhook and sees its signing secret once", async ({ browser }, testInfo) => {
    const page = await signIn(browser, seeded.users.ADMIN);
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Alerts", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { name: "No alert destinations yet" })).toBeVisible();
    await checkBothThemes(page, testInfo, "alerts-empty");

    // An internal address is refused with a message on the field.
    await page.getByLabel(/^Name/).fill("Metadata");
    await page.getByLabel(/^URL/).fill("https://169.254.169.254/latest");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByText("Webhook URLs cannot point to loopback, private or link-local addresses.")).toBeVisible();

    // Keyboard only: type into the fields and submit with Enter.
    await page.getByLabel(/^Name/).fill("On-call pager");
    await page.getByLabel(/^URL/).fill("https://hooks.example.com/auriko");
    await page.getByLabel(/^URL/).press("Enter");
    await expect(page.getByText("Copy this signing secret now. It will not be shown again.")).toBeVisible();
    const secretField = page.getByLabel("Signing secret");
    await expect(secretField).toBeFocused();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await expectNoAxeViolations(page);

    await page.reload({ waitUntil: "networkidle" });
    await expect(page.getByText("Copy this signing secret now.")).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
    const row = page.getByRole("row", { name: /On-call pager/ });
    await expect(row).toContainText("https://hooks.example.com/auriko");
    await expect(row).toContainText(`Secret ${secret.slice(0, 10)}…`);
    await checkBothThemes(page, testInfo, "alerts-webhook-added");
  });

  test("a Member has no Alerts page", async ({ browser }) => {
    const page = await signIn(browser, seeded.users.MEMBER);
    await expect(page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Alerts", exact: true })).toHaveCount(0);
    const res = await page.goto(`/w/${seeded.slug}/alerts`);
    expect(res?.status()).toBe(403);
  });
});
