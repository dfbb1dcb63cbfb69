import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";
import { resetThrottle, seedRoles } from "./helpers/auth";
import { BASE_URL } from "./helpers/console";
import { countMail, latestMail } from "./helpers/outbox";

/*
 * Sign-up with e-mail verification in the browser: the form answers "check your e-mail"
 * (the same for any address), the unconfirmed account may sign in but sees "Verify your
 * e-mail" instead of the workspace form, "Send a new link" supersedes the first link, the
 * verification page (a button, not the GET) confirms the address, and then the first
 * workspace can be made. The pages are scanned for accessibility in both themes.
 */

const VERIFY_KIND = "email_verification";
const tag = () => randomBytes(4).toString("hex");

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

function linkPath(body: string): string {
  const m = /https?:\/\/[^\s/]+(\/verify-email\/[A-Za-z0-9_-]{43})\b/.exec(body);
  if (!m) throw new Error("no verification link in the e-mail");
  return m[1]!;
}

test.afterAll(async () => {
  await resetThrottle();
});

test.describe.serial("sign-up and e-mail verification", () => {
  const user = { name: `Vera ${tag()}`, email: `vera-${tag()}@example.test`, password: `verified battery staple ${tag()}` };
  let firstLink = "";

  test("the form answers 'check your e-mail' and a link is queued", async ({ page }, testInfo) => {
    await open(page, "/signup");
    await page.getByLabel("Name (optional)").fill(user.name);
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    // Keyboard submit, as a user of a screen reader would.
    await page.getByLabel("Password", { exact: true }).press("Enter");
    const note = page.getByRole("status").filter({ hasText: "Check your e-mail" });
    await expect(note).toBeVisible();
    await expect(note).toContainText(user.email);
    await expect(page).toHaveURL(/\/signup$/);
    await checkBothThemes(page, testInfo, "signup-check-email");
    const mail = await latestMail(user.email, VERIFY_KIND);
    expect(mail?.subject).toBe("Confirm your e-mail address for Auriko");
    firstLink = linkPath(mail!.body);
  });

  test("the unconfirmed account signs in and is asked to verify; 'Send a new link' replaces the first link", async ({ page }, testInfo) => {
    test.skip(!firstLink, "needs the sign-up from the previous step");
    await open(page, "/login");
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/workspaces\/new$/);
    await expect(page.getByRole("heading", { level: 1, name: "Verify your e-mail" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create workspace" })).toHaveCount(0);
    await hydrated(page);
    await checkBothThemes(page, testInfo, "workspaces-new-unverified");

    const before = await countMail(user.email, VERIFY_KIND);
    await page.getByRole("button", { name: "Send a new link" }).click();
    await expect(page.getByText(`We sent a new link to ${user.email}.`)).toBeVisible();
    await expect.poll(() => countMail(user.email, VERIFY_KIND)).toBe(before + 1);
    const secondLink = linkPath((await latestMail(user.email, VERIFY_KIND))!.body);
    expect(secondLink).not.toBe(firstLink);

    // The first link now says why it no longer works, and how to get another.
    await open(page, firstLink);
    await expect(page.getByText("A newer link was sent")).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in to get a new link" })).toBeVisible();
    await checkBothThemes(page, testInfo, "verify-email-superseded");

    // Opening the good link does not use it; the button does.
    await open(page, secondLink);
    await expect(page.getByRole("heading", { level: 1, name: "Confirm your e-mail address" })).toBeVisible();
    await expect(page.getByText(user.email)).toBeVisible();
    await checkBothThemes(page, testInfo, "verify-email");
    await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
    await expect(page.getByText("Your e-mail address is confirmed")).toBeVisible();
    await checkBothThemes(page, testInfo, "verify-email-done");
    await page.getByRole("link", { name: "Continue" }).click();

    await expect(page).toHaveURL(/\/workspaces\/new$/);
    await expect(page.getByRole("heading", { level: 1, name: "Create a workspace" })).toBeVisible();
    await hydrated(page);
    const workspaceName = `Verified ${tag()}`;
    await page.getByRole("textbox", { name: /^Workspace name/ }).fill(workspaceName);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page).toHaveURL(/\/w\/[^/?#]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(workspaceName);

    // Used once: the link now says so.
    await open(page, secondLink);
    await expect(page.getByText("This link was already used")).toBeVisible();
  });
});

test.describe.serial("an invitation link copied by the inviter confirms nothing", () => {
  test("the invitee signs up from it, is asked to confirm first, and joins once confirmed", async ({ page, browser }, testInfo) => {
    const seeded = seedRoles();
    const invitee = { email: `copied-${tag()}@example.test`, password: `copied link passphrase ${tag()}` };

    // The inviter copies the link from the Members page.
    const ownerContext = await browser.newContext({ baseURL: BASE_URL });
    const owner = await ownerContext.newPage();
    let link = "";
    try {
      await open(owner, "/login");
      await owner.getByLabel("Email", { exact: true }).fill(seeded.users.OWNER);
      await owner.getByLabel("Password", { exact: true }).fill(seeded.password);
      await owner.getByRole("button", { name: "Sign in" }).click();
      await expect(owner).toHaveURL(`/w/${seeded.slug}`);
      await open(owner, `/w/${seeded.slug}/members`);
      await owner.getByRole("textbox", { name: /^Email/ }).fill(invitee.email);
      await owner.getByRole("button", { name: "Create invitation" }).click();
      link = await owner.getByRole("textbox", { name: "Invitation link" }).inputValue();
    } finally {
      await ownerContext.close();
    }
    const invitePath = new URL(link).pathname;
    expect(link).not.toContain("proof=");

    // Signing up from the copied link gets the answer every sign-up gets.
    await open(page, invitePath);
    await page.getByRole("main").getByRole("link", { name: "Create an account" }).click();
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue(invitee.email);
    await hydrated(page);
    await page.getByLabel("Password", { exact: true }).fill(invitee.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Check your e-mail" })).toContainText(invitee.email);

    // Signed in but unconfirmed, the invitation asks for the confirmation instead of offering to accept.
    await open(page, `/login?callbackUrl=${encodeURIComponent(invitePath)}`);
    await page.getByLabel("Email", { exact: true }).fill(invitee.email);
    await page.getByLabel("Password", { exact: true }).fill(invitee.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(invitePath);
    await expect(page.getByText(`Confirm ${invitee.email} first`)).toBeVisible();
    await expect(page.getByRole("button", { name: /^Accept and join/ })).toHaveCount(0);
    await hydrated(page);
    await checkBothThemes(page, testInfo, "invite-confirm-first");

    // The verification e-mail's link confirms the address; then the copied link accepts.
    await open(page, linkPath((await latestMail(invitee.email, VERIFY_KIND))!.body));
    await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
    await expect(page.getByText("Your e-mail address is confirmed")).toBeVisible();
    await open(page, invitePath);
    await page.getByRole("button", { name: /^Accept and join/ }).click();
    await expect(page).toHaveURL(`/w/${seeded.slug}`);
    await expect(page.getByText("Your role in this workspace:")).toContainText("Member");
  });
});
