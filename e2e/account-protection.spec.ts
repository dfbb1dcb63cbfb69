import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { checkBothThemes, expectAccessible } from "./helpers/a11y";
import { apiSignIn, pageOutcome, resetThrottle, seedRoles } from "./helpers/auth";
import { BASE_URL } from "./helpers/console";
import { latestMail } from "./helpers/outbox";

/*
 * Account protection in Chromium: a browser that signed in before keeps getting in while
 * an attacker has the account blocked for everyone else (device cookies); the account
 * page's sessions list (device, address, last seen, this session marked) ends one other
 * session, whose cookie then opens nothing; and the security activity list. The account
 * page is scanned for accessibility in both themes, and so is the account audit log on the
 * account security page (also at phone width), for a user in no workspace.
 */

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";

test.afterAll(async () => {
  // The attacker's wrong passwords also count against this machine's client address.
  await resetThrottle();
});

/** The login form submits through client code: wait for React before typing. */
async function signInOnPage(page: Page, email: string, password: string) {
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  return context.newPage();
}

/** Wrong passwords until the account is blocked for at least `seconds` more, as an attacker would. */
async function lockAccount(attacker: APIRequestContext, email: string, seconds: number) {
  for (let i = 0; i < 60; i++) {
    const res = await attacker.post("/api/auth/sign-in", { data: { email, password: `wrong guess number ${i}` } });
    if (res.status() === 429) {
      const retry = Number(res.headers()["retry-after"]);
      if (retry >= seconds) return;
      await new Promise((r) => setTimeout(r, retry * 1000));
    } else {
      expect(res.status()).toBe(401);
    }
  }
  throw new Error("the account never got blocked");
}

test("a browser that signed in before gets in while an attacker keeps the account blocked for everyone else", async ({ browser }) => {
  test.setTimeout(120_000);
  const s = seedRoles();
  const email = s.users.MEMBER;
  const page = await newPage(browser);
  await signInOnPage(page, email, s.password);
  await expect(page).toHaveURL(`/w/${s.slug}`);
  const device = (await page.context().cookies()).find((c) => c.name === "auriko.device");
  expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

  // Sign out from the sessions list (this session's own button); the device cookie stays.
  await page.goto("/account", { waitUntil: "networkidle" });
  await page.getByRole("button", { name: "Sign out of this session" }).click();
  await expect(page).toHaveURL(/\/login\?reason=signed-out$/);
  expect((await page.context().cookies()).some((c) => c.name === "auriko.device")).toBe(true);

  const attacker = await playwrightRequest.newContext({ baseURL: BASE_URL });
  await lockAccount(attacker, email, 8);
  const stranger = await playwrightRequest.newContext({ baseURL: BASE_URL });
  expect((await stranger.post("/api/auth/sign-in", { data: { email, password: s.password } })).status()).toBe(429);

  // The owner's browser signs in through the form as usual.
  await signInOnPage(page, email, s.password);
  await expect(page).toHaveURL(`/w/${s.slug}`);
  expect((await stranger.post("/api/auth/sign-in", { data: { email, password: s.password } })).status()).toBe(429);

  await attacker.dispose();
  await stranger.dispose();
  await page.context().close();
  await resetThrottle();
});

test("the sessions list shows each session's device, address and last activity, and ends one other session", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const s = seedRoles();
  const email = s.users.ADMIN;
  // The other session: Firefox on Linux, signed in through the API.
  const other = await playwrightRequest.newContext({ baseURL: BASE_URL, userAgent: FIREFOX_LINUX });
  expect((await apiSignIn(other, email, s.password)).status()).toBe(200);
  expect(await pageOutcome(other, "/account")).toBe(200);

  const page = await newPage(browser);
  await signInOnPage(page, email, s.password);
  await expect(page).toHaveURL(`/w/${s.slug}`);
  await page.goto("/account", { waitUntil: "networkidle" });

  const sessions = page.getByRole("table", { name: "Active sessions" });
  const rows = sessions.getByRole("row");
  await expect(rows).toHaveCount(3); // the header and two sessions
  const mine = rows.filter({ hasText: "This session" });
  const theirs = rows.filter({ hasText: "Firefox on Linux" });
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText(/Chrome on /);
  await expect(theirs).toHaveCount(1);
  await expect(theirs).toContainText("127.0.0.1");
  await expect(theirs).toContainText(/\d{4}, \d{2}:\d{2} UTC/);
  await expect(theirs.getByText("This session")).toHaveCount(0);

  // Security activity: both sign-ins came from browsers this account had not seen.
  const activity = page.getByRole("table", { name: "Security activity" });
  await expect(activity.getByRole("row").filter({ hasText: "Signed in from a new device" })).toHaveCount(2);
  expect((await latestMail(email, "security_notification"))?.subject).toBe("New sign-in to your Auriko account");

  await checkBothThemes(page, testInfo, "account-sessions");

  await theirs.getByRole("button", { name: "End session on Firefox on Linux" }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "Firefox on Linux" })).toHaveCount(0);
  // The ended session's cookie opens nothing; this one is still signed in.
  expect(await pageOutcome(other, "/account")).toBe("login");
  await page.reload();
  await expect(page.getByRole("table", { name: "Active sessions" }).getByRole("row").filter({ hasText: "This session" })).toHaveCount(1);

  await other.dispose();
  await page.context().close();
});

test("the account audit log lists a wrong password and the sign-in after it, for a user in no workspace", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const s = seedRoles();
  const email = s.users.NONMEMBER;
  const attacker = await playwrightRequest.newContext({ baseURL: BASE_URL, userAgent: FIREFOX_LINUX });
  expect((await attacker.post("/api/auth/sign-in", { data: { email, password: "not the password at all" } })).status()).toBe(401);
  await attacker.dispose();

  const page = await newPage(browser);
  await signInOnPage(page, email, s.password);
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/account/security#account-audit-log", { waitUntil: "networkidle" });

  const log = page.getByRole("table", { name: "Account audit log" });
  await expect(log).toBeVisible();
  const rows = log.getByRole("row");
  // The failed password lands a moment after its 401 (it is not awaited): reload until it shows.
  await expect(async () => {
    await page.reload({ waitUntil: "networkidle" });
    await expect(rows.filter({ hasText: "Failed sign-in attempt" })).toHaveCount(1);
  }).toPass({ timeout: 15_000 });
  await expect(rows.nth(1)).toContainText("Signed in from a new device");
  await expect(rows.filter({ hasText: "Failed sign-in attempt" })).toContainText("Firefox on Linux");
  await expect(rows.filter({ hasText: "Failed sign-in attempt" })).toContainText("Wrong password");
  await expect(rows.filter({ hasText: "Signed in from a new device" })).toContainText(/\d{4}, \d{2}:\d{2} UTC/);
  await expect(log.getByRole("columnheader")).toHaveText(["Time", "Event", "Device", "IP address"]);
  await expect(page.getByRole("navigation", { name: "Account audit log pages" })).toHaveCount(0);

  await checkBothThemes(page, testInfo, "account-audit-log");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, testInfo, "account-audit-log-phone");
  await page.context().close();
});
