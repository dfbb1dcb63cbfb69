import { confirmItsYou } from "./helpers/console";
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { generate } from "otplib";
import { checkBothThemes } from "./helpers/a11y";
import { pageOutcome, resetThrottle, seedRoles, type SeededRoles } from "./helpers/auth";

/*
 * Two-factor authentication (TOTP) end to end, through the real browser: enrolment with
 * the setup key read off the page, sign-in with a code and with a recovery code (each
 * single use), the interim state between password and code, and a workspace policy that
 * sends an Admin without MFA to set it up.
 */

const BASE_URL = "http://127.0.0.1:3100";
const PERIOD = 30;
const RECOVERY_CODE = /^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}$/;
const WRONG_CODE_MESSAGE = "That code is not right.";
const SPENT_RECOVERY_CODE_MESSAGE = "That recovery code is not valid or was already used.";

const stepOf = (epochSeconds: number) => Math.floor(epochSeconds / PERIOD);
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Opens a page and waits for hydration: the sign-in form submits through client code. */
async function open(page: Page, path: string) {
  return page.goto(path, { waitUntil: "networkidle" });
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  return context.newPage();
}

/** Email and password on /login (opened with `callbackUrl` when given). */
async function enterPassword(page: Page, email: string, password: string, callbackUrl?: string) {
  await open(page, callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOutFromSecurityPage(page: Page) {
  await open(page, "/account/security");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?reason=signed-out$/);
}

/**
 * A TOTP code the server has not seen yet: codes are single use per 30-second step, so
 * after one was accepted at `usedStep` this waits for the next step first.
 */
async function freshCode(page: Page, secret: string, usedStep: number): Promise<{ code: string; step: number }> {
  const wait = ((usedStep + 1) * PERIOD - Date.now() / 1000) * 1000;
  if (wait > 0) await page.waitForTimeout(wait + 1000);
  const epoch = nowSeconds();
  return { code: await generate({ secret, epoch }), step: stepOf(epoch) };
}

/**
 * Turns on MFA from /account/security (already open, MFA off): password, setup key read
 * off the page, code, recovery codes. Runs the accessibility checks when given testInfo.
 */
async function enrol(page: Page, password: string, testInfo?: TestInfo) {
  await expect(page.getByRole("heading", { level: 1, name: "Two-factor authentication" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Set up", exact: true }).click();

  await expect(page.getByRole("heading", { name: "Scan the QR code" })).toBeFocused();
  const qr = page.getByRole("img", { name: "QR code for your authenticator app" });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
  await expect(page.getByText("Setup key", { exact: true })).toBeVisible();
  const shown = ((await page.locator("#setup-key").textContent()) ?? "").trim();
  expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  const secret = shown.replace(/\s/g, "");
  // The secret lives in the page's state only: never in its URL.
  expect(page.url()).not.toContain(secret);
  if (testInfo) await checkBothThemes(page, testInfo, "mfa-setup");

  const epoch = nowSeconds();
  const code = await generate({ secret, epoch });
  const field = page.getByLabel("Authentication code", { exact: true });
  await expect(field).toHaveAttribute("inputmode", "numeric");
  await expect(field).toHaveAttribute("autocomplete", "one-time-code");
  await field.fill(code);
  await page.getByRole("button", { name: "Turn on", exact: true }).click();

  await expect(page.getByRole("heading", { name: "Two-factor authentication is on" })).toBeVisible();
  const items = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(items).toHaveCount(10);
  const codes = (await items.allTextContents()).map((c) => c.trim());
  for (const c of codes) expect(c).toMatch(RECOVERY_CODE);
  expect(new Set(codes).size).toBe(10);
  await expect(page.getByText("They won't be shown again.")).toBeVisible();
  return { secret, step: stepOf(epoch), codes };
}

test.afterAll(async () => {
  // Wrong codes on purpose: leave the brute-force counters clean for the next spec.
  await resetThrottle();
});

test.describe.serial("two-factor authentication for a member", () => {
  let seeded: SeededRoles;
  let context: BrowserContext;
  let page: Page;
  let email = "";
  let secret = "";
  let usedStep = 0;
  let recoveryCodes: string[] = [];

  test.beforeAll(async ({ browser }) => {
    seeded = seedRoles();
    email = seeded.users.MEMBER;
    // One browser context for the whole story, so "sign out" means what it says.
    context = await browser.newContext({ baseURL: BASE_URL });
    page = await context.newPage();
  });

  test.afterAll(async () => {
    await context.close();
  });

  test("a member turns on two-factor authentication and saves the recovery codes", async ({}, testInfo) => {
    await enterPassword(page, email, seeded.password);
    await expect(page).toHaveURL(`/w/${seeded.slug}`);
    // The overview recommends it (gently, for a Member) and links to the security page.
    const tip = page.getByText("Protect your account with two-factor authentication");
    await expect(tip).toBeVisible();

    await open(page, "/account");
    const card = page.getByRole("region", { name: "Two-factor authentication" });
    await expect(card.getByText("Off", { exact: true })).toBeVisible();
    await card.getByRole("link", { name: "Set up two-factor authentication" }).click();
    await expect(page).toHaveURL("/account/security");
    const res = await open(page, "/account/security");
    expect(res?.headers()["cache-control"]).toContain("no-store");

    const enrolled = await enrol(page, seeded.password, testInfo);
    secret = enrolled.secret;
    usedStep = enrolled.step;
    recoveryCodes = enrolled.codes;

    // "Download" saves the same codes as a text file, made in the browser.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download" }).click()]);
    expect(download.suggestedFilename()).toBe("auriko-recovery-codes.txt");
    const file = readFileSync((await download.path())!, "utf8");
    for (const c of recoveryCodes) expect(file).toContain(c);

    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Recovery codes" })).toBeVisible();
    const status = page.getByRole("region", { name: "Authenticator app" });
    await expect(status.getByText("On", { exact: true })).toBeVisible();
    await expect(status.getByText("Recovery codes left")).toBeVisible();
    await expect(status.locator("dd").nth(1)).toHaveText("10");
    await expect(page.getByRole("button", { name: "Turn off two-factor authentication" })).toBeVisible();
    await checkBothThemes(page, testInfo, "mfa-enabled");
  });

  test("signing in asks for a code: a wrong one is refused, the current one works", async () => {
    test.skip(!secret, "needs the enrolment from the previous test");
    await signOutFromSecurityPage(page);

    await enterPassword(page, email, seeded.password);
    const field = page.getByLabel("Authentication code", { exact: true });
    await expect(field).toBeVisible();
    await field.fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("alert").filter({ hasText: WRONG_CODE_MESSAGE })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    await expect(field).toBeVisible();

    // The enrolment code's 30-second step is spent (replay protection): wait for the next one.
    const { code, step } = await freshCode(page, secret, usedStep);
    await field.fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(`/w/${seeded.slug}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    usedStep = step;
    // With MFA on, the overview no longer recommends it.
    await expect(page.getByText("Protect your account with two-factor authentication")).toHaveCount(0);
  });

  test("a recovery code signs in once", async () => {
    test.skip(!recoveryCodes.length, "needs the recovery codes from the first test");
    const [code] = recoveryCodes;
    await signOutFromSecurityPage(page);

    await enterPassword(page, email, seeded.password);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code", { exact: true }).fill(code!);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(`/w/${seeded.slug}`);

    await open(page, "/account/security");
    await expect(page.getByRole("region", { name: "Authenticator app" }).locator("dd").nth(1)).toHaveText("9");

    await signOutFromSecurityPage(page);
    await enterPassword(page, email, seeded.password);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    const field = page.getByLabel("Recovery code", { exact: true });
    await field.fill(code!);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("alert").filter({ hasText: SPENT_RECOVERY_CODE_MESSAGE })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    await expect(field).toBeVisible();
  });

  test("a correct password alone is not a session", async ({ request }) => {
    test.skip(!secret, "needs an account with MFA on");
    const res = await request.post("/api/auth/sign-in", { data: { email, password: seeded.password } });
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ mfaRequired: true });
    expect(res.headers()["set-cookie"] ?? "").toMatch(/auriko\.sign-in=/);

    // The sign-in ticket cookie is in this request context now, and opens nothing.
    expect(await pageOutcome(request, `/w/${seeded.slug}`)).toBe("login");
    expect(await pageOutcome(request, "/account")).toBe("login");
    expect(await pageOutcome(request, "/account/security")).toBe("login");
    expect(await (await request.get("/api/auth/session")).json()).toEqual({});
  });
});

test("an Owner requires MFA for Owners and Admins: an Admin without it is sent to set it up, a Member is not", async ({ browser }, testInfo) => {
  // Three people sign in and the Owner enrols: longer than one page's budget.
  test.setTimeout(120_000);
  const s = seedRoles();
  const settingsPath = `/w/${s.slug}/settings`;
  const membersPath = `/w/${s.slug}/members`;

  // The Owner, without MFA yet, is told about it on the overview, and cannot require it of others.
  const owner = await newPage(browser);
  await enterPassword(owner, s.users.OWNER, s.password);
  await expect(owner).toHaveURL(`/w/${s.slug}`);
  await expect(owner.getByText("You manage this workspace: protect it with two-factor authentication")).toBeVisible();

  await open(owner, settingsPath);
  const policy = owner.getByRole("group", { name: "Require two-factor authentication for" });
  await expect(policy.getByRole("radio", { name: "Nobody" })).toBeChecked();
  await policy.getByRole("radio", { name: "Owners and Admins" }).check();
  await owner.getByRole("button", { name: "Save policy" }).click();
  // A sensitive change: the Owner confirms it's them first, then the policy's own rule answers.
  await confirmItsYou(owner, s.password);
  await expect(owner.getByText("Turn on two-factor authentication for your own account first.")).toBeVisible();
  // The refused choice stays selected next to its error.
  await expect(policy.getByRole("radio", { name: "Owners and Admins" })).toBeChecked();

  await policy.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await expect(owner).toHaveURL("/account/security");
  await owner.waitForLoadState("networkidle");
  await enrol(owner, s.password);
  await owner.getByRole("button", { name: "Done" }).click();
  await expect(owner.getByRole("heading", { level: 2, name: "Recovery codes" })).toBeVisible();

  await open(owner, settingsPath);
  await policy.getByRole("radio", { name: "Owners and Admins" }).check();
  await owner.getByRole("button", { name: "Save policy" }).click();
  await expect(owner.getByText("Security policy saved.")).toBeVisible();
  await open(owner, settingsPath);
  await expect(policy.getByRole("radio", { name: "Owners and Admins" })).toBeChecked();
  await checkBothThemes(owner, testInfo, "settings-security-policy");

  // The Admin has no MFA: every workspace page sends them to set it up.
  const admin = await newPage(browser);
  await enterPassword(admin, s.users.ADMIN, s.password, membersPath);
  await expect(admin).toHaveURL(`/account/security?required=${s.slug}`);
  await expect(
    admin.getByRole("alert").filter({ hasText: "requires two-factor authentication. Turn it on to continue." }),
  ).toBeVisible();
  await open(admin, membersPath);
  await expect(admin).toHaveURL(`/account/security?required=${s.slug}`);
  await expect(admin.getByRole("button", { name: "Set up", exact: true })).toBeVisible();

  // A Member is not covered by "Owners and Admins", and sees the policy read-only.
  const member = await newPage(browser);
  await enterPassword(member, s.users.MEMBER, s.password, membersPath);
  await expect(member).toHaveURL(membersPath);
  await expect(member.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await open(member, settingsPath);
  const card = member.getByRole("region", { name: "Security policy" });
  await expect(card.getByText("Owners and Admins", { exact: true })).toBeVisible();
  await expect(card.getByRole("radio")).toHaveCount(0);
  await expect(card.getByText("Only Owners can change the security policy.")).toBeVisible();

  for (const p of [owner, admin, member]) await p.context().close();
});
