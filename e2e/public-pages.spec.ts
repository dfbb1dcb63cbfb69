import { expect, test } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";

test.describe("public pages", () => {
  test("landing page", async ({ page }, testInfo) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const signIn = page.getByRole("link", { name: /sign in/i }).filter({ visible: true }).first();
    await expect(signIn).toBeVisible();
    await expect(signIn).toHaveAttribute("href", "/login");
    await checkBothThemes(page, testInfo, "landing");
  });

  test("security page", async ({ page }, testInfo) => {
    await page.goto("/security");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const sections = [
      /^encryption$/i,
      /^zero data retention$/i,
      /^access control$/i,
      /^(mfa|multi-factor authentication)\b/i,
      /^api security$/i,
      /^incident response$/i,
      /^responsible disclosure$/i,
    ];
    for (const name of sections) {
      await expect(page.getByRole("heading", { name }), `section heading ${name}`).toBeVisible();
    }
    await checkBothThemes(page, testInfo, "security");
  });

  test("sign-in page", async ({ page }, testInfo) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: /sign in/i }).first()).toBeVisible();
    const email = page.getByLabel(/^email\b/i).and(page.locator("input"));
    const password = page.getByLabel(/^password\b/i).and(page.locator("input"));
    await expect(email).toBeVisible();
    await expect(password).toBeVisible();
    await expect(password).toHaveAttribute("type", "password");
    await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
    await checkBothThemes(page, testInfo, "login");
  });
});

test.describe("mobile layout", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("landing page fits a phone without horizontal scroll", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: (document.scrollingElement ?? document.documentElement).scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth, `page is ${scrollWidth}px wide in a ${innerWidth}px viewport`).toBeLessThanOrEqual(innerWidth);
  });
});
