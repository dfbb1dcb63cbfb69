import { confirmItsYou } from "./helpers/console";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test, type Browser, type Page } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";
import { apiSignIn, pageOutcome, seedRoles, type SeededRoles } from "./helpers/auth";
import { REPO_ROOT } from "./helpers/paths";

/*
 * The operator area through the real UI: an operator (granted with the CLI) opens an
 * incident, posts updates, schedules maintenance, confirms a security incident for one
 * workspace and sends notices. That workspace's Owner sees the banner and the notice; the
 * Owner of another workspace sees nothing; non-operators get 404 on /operator.
 */

const BASE_URL = "http://127.0.0.1:3100";
const tag = randomBytes(3).toString("hex");
const INCIDENT = `Elevated API errors ${tag}`;
const SCOPE = `Debug logs held provider key fragments (${tag}).`;

type Operator = { email: string; password: string; recoveryCodes: string[] };

let affected: SeededRoles;
let unaffected: SeededRoles;
let operator: Operator;

function cli(args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, AURIKO_DATA_DIR: ".data/e2e", AURIKO_EMBEDDED_PG_PORT: "54349", LOG_LEVEL: "error" },
  }).trim();
}

test.beforeAll(() => {
  affected = seedRoles();
  unaffected = seedRoles();
  const out = execFileSync(process.execPath, ["--import", "tsx", "e2e/helpers/seed-operator.ts"], { cwd: REPO_ROOT, encoding: "utf8" });
  operator = JSON.parse(out.trim().split("\n").pop()!);
  expect(cli(["user:operator", "--email", operator.email])).toBe(`${operator.email} is now an operator`);
});

async function signIn(browser: Browser, email: string, password: string, recoveryCode?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const res = await apiSignIn(context.request, email, password, {}, recoveryCode ? { recoveryCode } : undefined);
  expect(res.status(), `sign-in as ${email}`).toBeLessThan(400);
  return context.newPage();
}

async function open(page: Page, path: string, heading: string | RegExp) {
  await page.goto(path, { waitUntil: "networkidle" });
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

test.describe.serial("operator area and security notices", () => {
  test("the operator area does not exist for non-operators, a workspace Owner included", async () => {
    for (const email of [affected.users.OWNER, affected.users.ADMIN, affected.users.NONMEMBER]) {
      const c = await playwrightRequest.newContext({ baseURL: BASE_URL });
      expect((await apiSignIn(c, email, affected.password)).status()).toBe(200);
      expect(await pageOutcome(c, "/operator")).toBe(404);
      expect(await pageOutcome(c, "/operator/incidents/new")).toBe(404);
      await c.dispose();
    }
    const anon = await playwrightRequest.newContext({ baseURL: BASE_URL });
    expect(await pageOutcome(anon, "/operator")).toBe("login");
    await anon.dispose();
  });

  test("an operator opens an incident, posts updates, and confirms and sends a security notice", async ({ browser }, testInfo) => {
    const page = await signIn(browser, operator.email, operator.password, operator.recoveryCodes[0]);
    await open(page, "/operator", "Operator overview");
    await checkBothThemes(page, testInfo, "operator-overview");

    await page.getByRole("link", { name: "New incident" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "New incident" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    // An empty first update is refused on its field; nothing is created.
    await page.getByLabel(/^Title/).fill(INCIDENT);
    await page.getByRole("button", { name: "Open incident" }).click();
    await expect(page.getByLabel(/^First update/)).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel(/^Impact/).selectOption("major");
    await page.getByLabel("API", { exact: true }).selectOption("partial_outage");
    await page.getByLabel(/^First update/).fill("We are seeing elevated error rates on the API and are investigating.");
    await page.getByRole("button", { name: "Open incident" }).click();
    // Every operator change needs a recent confirmation; after it the incident opens by itself.
    await confirmItsYou(page, operator.password);
    await expect(page.getByRole("heading", { level: 1, name: INCIDENT })).toBeVisible();
    await page.waitForLoadState("networkidle");

    const timeline = page.getByRole("list", { name: "Incident updates" }).getByRole("listitem");
    await expect(timeline).toHaveCount(1);
    for (const [status, body] of [
      ["identified", "A faulty upstream connection pool was identified."],
      ["monitoring", "A fix is deployed; we are monitoring."],
    ] as const) {
      await page.getByLabel("Status", { exact: true }).selectOption(status);
      await page.getByLabel(/^Update/).fill(body);
      await page.getByRole("button", { name: "Post update" }).click();
      await expect(page.getByText("Update posted.")).toBeVisible();
      await expect(timeline.last()).toContainText(body);
    }
    await expect(timeline).toHaveCount(3);
    await expect(timeline.first()).toContainText("elevated error rates");

    // Security: name the one affected workspace, write the notice, confirm, send.
    await page.getByLabel(new RegExp(`\\(${affected.slug}\\)`)).check();
    await page.getByLabel(/^Scope/).fill(SCOPE);
    await page.getByLabel(/^Impact/).last().fill("Someone with access to those logs could have used your provider keys.");
    await page.getByLabel(/^Remediation/).fill("Rotate every provider key in this workspace.");
    await page.getByRole("button", { name: "Save security details" }).click();
    await expect(page.getByText("Security details saved.")).toBeVisible();

    // Confirmed a moment ago (opening the incident): the password field may stay empty.
    await page.getByRole("button", { name: "Confirm security incident" }).click();
    await expect(page.getByText(/Notify by .* UTC: 2 d 2[23] h left/)).toBeVisible();
    const delivery = page.getByRole("region", { name: "Delivery per workspace" });
    await expect(delivery.getByRole("row").filter({ hasText: affected.slug })).toContainText("Unsent");

    // Recently authenticated: sending needs no password again within five minutes.
    await page.getByRole("button", { name: "Send notifications" }).click();
    await expect(page.getByText("Notified 2 Owners and Admins.")).toBeVisible();
    await expect(delivery.getByRole("row").filter({ hasText: affected.slug })).toContainText("Sent");
    await page.getByRole("button", { name: "Send notifications" }).click();
    await expect(page.getByText("Everyone was already notified: nothing new to send.")).toBeVisible();
    await checkBothThemes(page, testInfo, "operator-incident");

    await open(page, "/operator/incidents", "Incidents");
    await expect(page.getByRole("row").filter({ hasText: INCIDENT })).toContainText("Monitoring");
    await checkBothThemes(page, testInfo, "operator-incidents");
  });

  test("an operator schedules and cancels maintenance, and every action is in the operator audit log", async ({ browser }, testInfo) => {
    const page = await signIn(browser, operator.email, operator.password, operator.recoveryCodes[1]);
    await open(page, "/operator/maintenance", "Maintenance");
    const year = new Date().getUTCFullYear() + 1;
    const title = `Database upgrade ${tag}`;
    await page.getByLabel(/^Title/).fill(title);
    await page.getByLabel(/^Starts/).fill(`${year}-03-01T10:00`);
    await page.getByLabel(/^Ends/).fill(`${year}-03-01T09:00`);
    await page.getByLabel("API", { exact: true }).check();
    await page.getByRole("button", { name: "Schedule maintenance" }).click();
    await expect(page.getByText("The end must be after the start.")).toBeVisible();
    await page.getByLabel(/^Ends/).fill(`${year}-03-01T11:30`);
    await page.getByRole("button", { name: "Schedule maintenance" }).click();
    await confirmItsYou(page, operator.password);
    await expect(page.getByText("Maintenance scheduled.")).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: title });
    await expect(row).toContainText(`1 Mar ${year}, 10:00 UTC`);
    await expect(row).toContainText("Scheduled");
    await checkBothThemes(page, testInfo, "operator-maintenance");
    await row.getByRole("button", { name: `Cancel ${title}` }).click();
    await row.getByRole("button", { name: "Confirm cancel" }).click();
    await expect(row).toContainText("Cancelled");

    await open(page, "/operator/components", "Components");
    await checkBothThemes(page, testInfo, "operator-components");

    await open(page, "/operator/audit", "Operator audit log");
    for (const action of ["Sent security notices", "Confirmed a security incident", "Opened an incident", "Scheduled maintenance", "Cancelled maintenance", "Granted operator access"]) {
      await expect(page.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
    }
    await checkBothThemes(page, testInfo, "operator-audit");
  });

  test("the affected Owner sees the banner and the notice; the Owner of another workspace sees nothing", async ({ browser }, testInfo) => {
    const owner = await signIn(browser, affected.users.OWNER, affected.password);
    await open(owner, `/w/${affected.slug}`, /./);
    const banner = owner.getByRole("region", { name: "Security notices" });
    await expect(banner).toContainText(INCIDENT);
    await expect(owner.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Security notices (1 new)" })).toBeVisible();
    await banner.getByRole("link", { name: INCIDENT }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "Security notices" })).toBeVisible();
    const notice = owner.getByRole("article", { name: INCIDENT });
    await expect(notice).toContainText(SCOPE);
    await expect(notice).toContainText("Rotate every provider key in this workspace.");
    await expect(notice).toContainText("Incident: Monitoring");
    await owner.waitForLoadState("networkidle");
    await checkBothThemes(owner, testInfo, "notices");
    await notice.getByRole("button", { name: /^Mark as read/ }).click();
    await expect(owner.getByRole("region", { name: "Security notices" })).toHaveCount(0);
    await expect(notice).toContainText("Read");

    // A Member of the affected workspace sees the notice too, but cannot mark it read.
    const member = await signIn(browser, affected.users.MEMBER, affected.password);
    await open(member, `/w/${affected.slug}/notices`, "Security notices");
    await expect(member.getByRole("article", { name: INCIDENT })).toContainText(SCOPE);
    await expect(member.getByRole("button", { name: /^Mark as read/ })).toHaveCount(0);

    const other = await signIn(browser, unaffected.users.OWNER, unaffected.password);
    await open(other, `/w/${unaffected.slug}`, /./);
    await expect(other.getByRole("region", { name: "Security notices" })).toHaveCount(0);
    await expect(other.getByText(INCIDENT)).toHaveCount(0);
    await open(other, `/w/${unaffected.slug}/notices`, "Security notices");
    await expect(other.getByRole("heading", { name: "No security notices" })).toBeVisible();
    // The operator link is only in an operator's menu.
    expect(await other.content()).not.toContain('href="/operator"');
  });
});
