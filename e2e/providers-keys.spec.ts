import { confirmItsYou } from "./helpers/console";
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { checkBothThemes, setColorScheme } from "./helpers/a11y";
import { seedRoles, type SeededRoles } from "./helpers/auth";

/*
 * Provider keys and workspace API keys through the real UI: a provider key goes in once
 * and is only ever shown masked; an API key is shown once, then only its prefix; a
 * Member sees the masked provider keys but cannot manage them.
 */

const BASE_URL = "http://127.0.0.1:3100";
const hex = (n: number) => randomBytes(n).toString("hex");

let seeded: SeededRoles;
let last4 = "";

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

/** Navigates with the sidebar (and waits for hydration: the forms submit through client code). */
async function openFromNav(page: Page, label: string, heading: string) {
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: label, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await page.waitForLoadState("networkidle");
}

/** axe without the screenshot, for a state that shows a secret (the just-created API key). */
async function expectNoAxeViolations(page: Page) {
  for (const theme of ["light", "dark"] as const) {
    await setColorScheme(page, theme);
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(violations.map((v) => `${theme}: ${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  }
}

test.describe.serial("provider keys and API keys", () => {
  test("an Owner adds, tests and replaces a provider key that is never shown again", async ({ browser }, testInfo) => {
    const page = await signIn(browser, seeded.users.OWNER);
    await openFromNav(page, "Provider keys", "Provider keys");
    await expect(page.getByRole("heading", { name: "No provider keys yet" })).toBeVisible();

    const canary = `mock-canary-${hex(12)}`;
    last4 = canary.slice(-4);
    const keyInput = page.getByLabel(/^API key/);
    await expect(keyInput).toHaveAttribute("type", "password");
    await expect(keyInput).toHaveAttribute("autocomplete", "off");
    await page.getByLabel(/^Provider/).selectOption({ label: "Mock (built in)" });
    await keyInput.fill(canary);

    // Without the password the server asks for it, on the password field; the key stays typed.
    await page.getByRole("button", { name: "Add provider key" }).click();
    const password = page.getByLabel("Confirm with your password", { exact: true });
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Confirm your password to make this change.")).toBeVisible();
    await expect(keyInput).toHaveValue(canary);

    await password.fill(seeded.password);
    await page.getByRole("button", { name: "Add provider key" }).click();
    await expect(page.getByText(`Key saved and sealed. It shows as …${last4} from now on.`)).toBeVisible();
    await expect(keyInput).toHaveValue("");
    await expect(password).toHaveValue("");

    const row = page.getByRole("row").filter({ hasText: "Mock (built in)" });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(last4);
    await expect(row).toContainText(seeded.users.OWNER);
    expect(await page.content()).not.toContain(canary);
    await page.reload({ waitUntil: "networkidle" });
    expect(await page.content()).not.toContain(canary);

    await page.getByRole("button", { name: /^Test Mock \(built in\) key/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Key works" })).toBeVisible();
    await checkBothThemes(page, testInfo, "providers");

    // Replace: the password was confirmed a moment ago, so this change does not ask again.
    const replacement = `mock-canary-${hex(12)}`;
    await page.getByRole("button", { name: /^Replace Mock \(built in\) key/ }).click();
    const newKey = page.getByLabel(/^New API key/);
    await expect(newKey).toBeFocused();
    await expectNoAxeViolations(page);
    await newKey.fill(replacement);
    await page.getByRole("button", { name: "Replace key" }).click();
    last4 = replacement.slice(-4);
    await expect(page.getByRole("status").filter({ hasText: `Key replaced: now …${last4}` })).toBeVisible();
    await expect(row).toContainText(last4);
    const content = await page.content();
    expect(content).not.toContain(canary);
    expect(content).not.toContain(replacement);
  });

  test("an API key is shown once, then only by its prefix, and can be revoked", async ({ browser }, testInfo) => {
    const page = await signIn(browser, seeded.users.OWNER);
    await openFromNav(page, "API keys", "API keys");
    await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();

    const name = `CI ${hex(3)}`;
    await page.getByLabel(/^Name/).fill(name);
    await page.getByLabel("Expires").selectOption({ label: "In 30 days" });
    await page.getByRole("button", { name: "Create key" }).click();
    await confirmItsYou(page, seeded.password);
    await expect(page.getByText("Copy this key now. It will not be shown again.")).toBeVisible();
    const field = page.getByRole("textbox", { name: "Your new API key" });
    const key = await field.inputValue();
    expect(key).toMatch(/^ak_live_[0-9A-Za-z]{32}$/);
    await expect(page.getByRole("region", { name: "Example request with the new API key" })).toContainText(`Bearer ${key}`);
    await expectNoAxeViolations(page);

    const prefix = key.slice(0, "ak_live_".length + 4);
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText(`${prefix}…`);
    await expect(row).toContainText("Active");

    await page.reload({ waitUntil: "networkidle" });
    const content = await page.content();
    expect(content).not.toContain(key);
    expect(content).toContain(prefix);
    await expect(row).toContainText("Never");
    await checkBothThemes(page, testInfo, "api-keys");

    await row.getByRole("button", { name: /^Revoke/ }).click();
    await row.getByRole("button", { name: "Confirm revoke" }).click();
    await expect(row).toContainText("Revoked");
    await expect(row.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  });

  test("a Member sees the masked provider keys, cannot manage them, and sees only their own API keys", async ({ browser }, testInfo) => {
    const page = await signIn(browser, seeded.users.MEMBER);
    await openFromNav(page, "Provider keys", "Provider keys");
    const row = page.getByRole("row").filter({ hasText: "Mock (built in)" });
    await expect(row).toContainText(last4);
    await expect(page.getByText("Owners and Admins manage provider keys.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Add a provider key" })).toHaveCount(0);
    await expect(page.getByLabel(/^API key/)).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Test|Replace|Delete)\b/ })).toHaveCount(0);
    await checkBothThemes(page, testInfo, "providers-member");

    // On a phone the table scrolls inside its own region; the page itself does not.
    await page.setViewportSize({ width: 390, height: 844 });
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: (document.scrollingElement ?? document.documentElement).scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.setViewportSize({ width: 1280, height: 720 });

    await openFromNav(page, "API keys", "API keys");
    await expect(page.getByRole("heading", { name: /^Your keys/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
  });

  test("an Owner deletes a provider key after a two-step confirmation", async ({ browser }) => {
    const page = await signIn(browser, seeded.users.OWNER);
    await openFromNav(page, "Provider keys", "Provider keys");
    const toggle = page.getByRole("button", { name: /^Delete Mock \(built in\) key/ });
    await toggle.click();
    await expect(page.getByRole("heading", { name: /^Delete the Mock \(built in\) key/ })).toBeVisible();
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(toggle).toBeFocused();

    await toggle.click();
    // A fresh session: the password is needed again, and a wrong one is refused on that field.
    const password = page.getByLabel(/^Confirm with your password to delete/);
    await password.fill("not my password at all");
    await page.getByRole("button", { name: "Confirm delete" }).click();
    await expect(page.getByText("That is not your current password.")).toBeVisible();
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await password.fill(seeded.password);
    await page.getByRole("button", { name: "Confirm delete" }).click();
    await expect(page.getByRole("heading", { name: "No provider keys yet" })).toBeVisible();
  });
});
