import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";
import { apiSignIn, pageOutcome, resetThrottle, seedRoles, type SeededRoles } from "./helpers/auth";
import { countMail, latestMail } from "./helpers/outbox";

/*
 * "Forgot password?" end to end in the browser: the link on the sign-in page, the request
 * (same answer for an unknown address), the email read from the outbox, the new password
 * under the policy, every old session ended, sign-in with the new password, and the used
 * link refused. Each page is scanned for accessibility in both themes.
 */

const RESET_KIND = "password_reset";

/** The sign-in and reset forms submit through client code: wait for React before clicking. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const els = [...document.querySelectorAll("main, form")];
    return els.length > 0 && els.every((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$")));
  });
}

async function open(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
}

test.afterAll(async () => {
  await resetThrottle();
});

test.describe.serial("password recovery", () => {
  let seeded: SeededRoles;
  let email = "";
  let resetPath = "";
  const newPassword = `recovered battery staple ${randomBytes(4).toString("hex")}`;

  test.beforeAll(() => {
    seeded = seedRoles();
    email = seeded.users.MEMBER;
  });

  test("the request answers the same for a known and an unknown address", async ({ request }) => {
    const unknown = `nobody-${randomBytes(4).toString("hex")}@example.test`;
    const a = await request.post("/api/auth/password-reset", { data: { email: seeded.users.ADMIN } });
    const b = await request.post("/api/auth/password-reset", { data: { email: unknown } });
    expect(a.status()).toBe(202);
    expect(b.status()).toBe(a.status());
    expect(await b.text()).toBe(await a.text());
    expect(await latestMail(seeded.users.ADMIN, RESET_KIND)).not.toBeNull();
    expect(await countMail(unknown, RESET_KIND)).toBe(0);
  });

  test("a user asks for a link from the sign-in page", async ({ page }, testInfo) => {
    await open(page, "/login");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page).toHaveURL("/forgot-password");
    await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
    await hydrated(page);
    await checkBothThemes(page, testInfo, "forgot-password");

    // From the keyboard: the email field has focus, Enter submits.
    await expect(page.getByLabel("Email", { exact: true })).toBeFocused();
    await page.keyboard.type(email);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Check your inbox" })).toContainText("If an account exists for that address");
    await checkBothThemes(page, testInfo, "forgot-password-sent");

    const mail = await latestMail(email, RESET_KIND);
    expect(mail).toMatchObject({ workspaceId: null, subject: "Reset your Auriko password" });
    const link = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/.exec(mail!.body)?.[0];
    expect(link).toBeTruthy();
    resetPath = new URL(link!).pathname;
  });

  test("the link sets a new password under the policy, signs out every session, and the new password works", async ({ page, browser }, testInfo) => {
    test.skip(!resetPath, "needs the link from the previous step");

    // A session from before the reset, in a browser of its own.
    const before = await browser.newContext({ baseURL: "http://127.0.0.1:3100" });
    try {
      expect((await apiSignIn(before.request, email, seeded.password)).status()).toBeLessThan(400);
      expect(await pageOutcome(before.request, `/w/${seeded.slug}`)).toBe(200);

      await open(page, resetPath);
      await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
      await expect(page.getByText(email, { exact: true })).toBeVisible();
      await checkBothThemes(page, testInfo, "reset-password");

      await page.getByLabel("New password", { exact: true }).fill("password1234");
      await page.getByLabel("Repeat the new password", { exact: true }).fill("password1234");
      await page.getByRole("button", { name: "Set new password" }).click();
      await expect(page.getByText("That password is too easy to guess.")).toBeVisible();
      await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await checkBothThemes(page, testInfo, "reset-password-weak");

      await page.getByLabel("New password", { exact: true }).fill(newPassword);
      await page.getByLabel("Repeat the new password", { exact: true }).fill(newPassword);
      await page.getByRole("button", { name: "Set new password" }).click();
      await expect(page).toHaveURL("/login?reason=password-reset");
      await expect(page.getByText("Your password was reset and every session was signed out.")).toBeVisible();

      // The session from before is over.
      expect(await pageOutcome(before.request, `/w/${seeded.slug}`)).toBe("login");
    } finally {
      await before.close();
    }

    await hydrated(page);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(seeded.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
    await page.getByLabel("Password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`/w/${seeded.slug}`);
  });

  test("a used link is refused with a way to ask for a new one", async ({ page }, testInfo) => {
    test.skip(!resetPath, "needs the link from the earlier step");
    await open(page, resetPath);
    await expect(page.getByRole("alert").filter({ hasText: "This link was already used" })).toContainText("This reset link has already been used.");
    await expect(page.getByRole("button", { name: "Set new password" })).toHaveCount(0);
    await checkBothThemes(page, testInfo, "reset-password-used");
    await page.getByRole("link", { name: "Ask for a new link" }).click();
    await expect(page).toHaveURL("/forgot-password");
  });
});
