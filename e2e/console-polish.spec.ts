import { generate } from "otplib";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";
import { apiSignIn, seedRoles, type SeededRoles } from "./helpers/auth";
import { BASE_URL, cli, confirmItsYou } from "./helpers/console";

/*
 * The console polish of issue #22, item by item, in a real browser on a desktop screen and
 * on a 390 px phone, each state checked by axe in the light and the dark theme (with a
 * screenshot in e2e/artifacts/screenshots). Every viewport gets its own seeded workspace.
 */

const VIEWPORTS = [
  { name: "desktop", size: { width: 1280, height: 800 } },
  { name: "phone", size: { width: 390, height: 844 } },
] as const;

type Viewport = (typeof VIEWPORTS)[number];

async function signedIn(browser: Browser, vp: Viewport, email: string, password: string, opts: { clipboard?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: vp.size,
    permissions: opts.clipboard ? ["clipboard-read", "clipboard-write"] : [],
  });
  expect((await apiSignIn(context.request, email, password)).status()).toBeLessThan(400);
  return context.newPage();
}

async function anonymous(browser: Browser, vp: Viewport): Promise<Page> {
  return (await browser.newContext({ baseURL: BASE_URL, viewport: vp.size })).newPage();
}

async function open(page: Page, path: string) {
  const res = await page.goto(path, { waitUntil: "networkidle" });
  return res;
}

/** The page does not scroll sideways: everything fits the viewport's width. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: (document.scrollingElement ?? document.documentElement).scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `page is ${scrollWidth}px wide in a ${innerWidth}px viewport`).toBeLessThanOrEqual(innerWidth);
}

/**
 * `target` (an action, a column's value) is on screen without scrolling the table sideways:
 * inside the table's visible box and the viewport. On a phone the table does not scroll
 * sideways at all (its rows are cards); on a wider screen a wide table may scroll, with its
 * actions column pinned at the right.
 */
async function expectWhollyShown(page: Page, region: Locator, target: Locator, vp: Viewport) {
  if (vp.name === "phone") {
    const { scrollWidth, clientWidth } = await region.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth, "the table scrolls sideways").toBeLessThanOrEqual(clientWidth + 1);
  }
  expect(await region.evaluate((el) => el.scrollLeft)).toBe(0);
  await target.scrollIntoViewIfNeeded();
  expect(await region.evaluate((el) => el.scrollLeft), "the table had to scroll to show it").toBe(0);
  const box = (await target.boundingBox())!;
  const frame = (await region.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(Math.max(0, frame.x));
  expect(box.x + box.width).toBeLessThanOrEqual(Math.min(page.viewportSize()!.width, frame.x + frame.width));
}

async function chat(key: string, model: string) {
  const res = await fetch(`${BASE_URL}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }),
  });
  await res.text();
  return res.status;
}

const step = (page: Page, title: string) => page.getByRole("list", { name: "Getting started steps" }).getByRole("listitem").filter({ hasText: title });

for (const vp of VIEWPORTS) {
  test.describe.serial(`console polish (${vp.name})`, () => {
    let seeded: SeededRoles;
    const shot = (name: string) => `polish-${name}-${vp.name}`;

    test.beforeAll(() => {
      seeded = seedRoles();
    });

    test("2. the overview's checklists tick off what the workspace has; the examples name models it reaches", async ({ browser }, testInfo) => {
      const page = await signedIn(browser, vp, seeded.users.OWNER, seeded.password);
      await open(page, `/w/${seeded.slug}`);
      await expect(page.getByRole("region", { name: "Getting started" }).getByText("1 of 5 done.")).toBeVisible();
      await expect(step(page, "Add a provider key")).toHaveAttribute("data-done", "false");
      await expect(step(page, "Create an API key")).toHaveAttribute("data-done", "false");
      await expect(step(page, "Send your first request")).toHaveAttribute("data-done", "false");
      // The seeded workspace has an Admin and a Member besides its Owner.
      await expect(step(page, "Invite your teammates")).toHaveAttribute("data-done", "true");
      await expect(step(page, "Invite your teammates").getByRole("heading")).toHaveText("Done: Invite your teammates");
      await expect(step(page, "Turn on two-factor authentication")).toHaveAttribute("data-done", "false");
      const examples = page.getByRole("region", { name: "Send your first request" });
      for (const name of ["curl", "openai (Node.js)", "@anthropic-ai/sdk (Node.js)"]) {
        await expect(examples.getByRole("region", { name: `Example: ${name} through Auriko` })).toContainText('"mock/echo"');
      }
      await expect(examples).not.toContainText("gpt-4o-mini");
      await expect(examples).not.toContainText("claude-sonnet");
      await checkBothThemes(page, testInfo, shot("overview-new"));

      // An OpenAI key, an API key and one request: the checklist follows, the examples name OpenAI's model.
      cli(["provider:set", "--workspace", seeded.slug, "--provider", "openai"], "sk-polish-e2e-not-a-real-key\n");
      const key = cli(["apikey:create", "--workspace", seeded.slug, "--name", "polish checklist"]).trim();
      expect(await chat(key, "mock/echo")).toBe(200);
      await expect(async () => {
        await open(page, `/w/${seeded.slug}`);
        await expect(step(page, "Send your first request")).toHaveAttribute("data-done", "true", { timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
      await expect(step(page, "Add a provider key")).toHaveAttribute("data-done", "true");
      await expect(step(page, "Add a provider key")).toContainText("Provider keys are stored for OpenAI.");
      await expect(step(page, "Create an API key")).toHaveAttribute("data-done", "true");
      await expect(page.getByRole("region", { name: "Getting started" }).getByText("4 of 5 done.")).toBeVisible();
      // After the first request the examples panel has done its job.
      await expect(page.getByRole("region", { name: "Send your first request" })).toHaveCount(0);

      // The new-key example on the API keys page names the provider's model now.
      await open(page, `/w/${seeded.slug}/keys`);
      await page.getByLabel(/^Name/).fill("polish example");
      await page.getByRole("button", { name: "Create key" }).click();
      await confirmItsYou(page, seeded.password);
      await expect(page.getByRole("region", { name: "Example request with the new API key" })).toContainText('"openai/gpt-4.1"');
    });

    test("3. the Mock provider is added without typing a key", async ({ browser }, testInfo) => {
      const page = await signedIn(browser, vp, seeded.users.OWNER, seeded.password);
      await open(page, `/w/${seeded.slug}/providers`);
      await page.getByLabel(/^Provider/).selectOption({ label: "Mock (built in)" });
      const keyField = page.getByLabel("API key (optional)");
      await expect(keyField).not.toHaveAttribute("required", /.*/);
      await expect(page.getByText("Mock (built in) needs no key: leave this empty.")).toBeVisible();
      await checkBothThemes(page, testInfo, shot("providers-mock"));
      await page.getByLabel("Confirm with your password", { exact: true }).fill(seeded.password);
      await page.getByRole("button", { name: "Add provider key" }).click();
      await expect(page.getByText(/^Key saved and sealed\./)).toBeVisible();
      await expect(page.getByRole("row").filter({ hasText: "Mock (built in)" })).toHaveCount(1);

      // A real provider still needs its key.
      await page.getByLabel(/^Provider/).selectOption({ label: "Anthropic" });
      await expect(page.locator("#add-key")).toHaveAttribute("required", "");
    });

    test("4. tables keep their actions on screen: cards on a phone, the full grid on a desktop", async ({ browser }, testInfo) => {
      const page = await signedIn(browser, vp, seeded.users.OWNER, seeded.password);

      await open(page, `/w/${seeded.slug}/keys`);
      const keys = page.getByRole("region", { name: "API keys" });
      const revoke = keys.getByRole("button", { name: /^Revoke polish checklist/ });
      await expectWhollyShown(page, keys, revoke, vp);
      await expectNoSidewaysScroll(page);
      await checkBothThemes(page, testInfo, shot("table-keys"));

      await open(page, `/w/${seeded.slug}/providers`);
      const providers = page.getByRole("region", { name: "Stored provider keys" });
      await expectWhollyShown(page, providers, providers.getByRole("button", { name: /^Delete OpenAI key/ }), vp);
      await expectNoSidewaysScroll(page);

      await open(page, `/w/${seeded.slug}/members`);
      const members = page.getByRole("region", { name: "Members", exact: true });
      await expectWhollyShown(page, members, members.getByRole("button", { name: new RegExp(`^Remove ${seeded.users.MEMBER}`) }), vp);
      await expectNoSidewaysScroll(page);
      await checkBothThemes(page, testInfo, shot("table-members"));

      await open(page, `/w/${seeded.slug}/audit`);
      const audit = page.getByRole("region", { name: "Audit events" });
      const action = audit.getByText("credential.created", { exact: true }).first();
      await expectWhollyShown(page, audit, action, vp);
      await expectNoSidewaysScroll(page);
      await checkBothThemes(page, testInfo, shot("table-audit"));
    });

    test("5. a confirmation opens on Cancel: Enter twice cancels, Escape cancels, confirming takes Tab", async ({ browser }, testInfo) => {
      const name = `enter-enter ${vp.name}`;
      cli(["apikey:create", "--workspace", seeded.slug, "--name", name]);
      const page = await signedIn(browser, vp, seeded.users.OWNER, seeded.password);
      await open(page, `/w/${seeded.slug}/keys`);
      const row = page.getByRole("row").filter({ hasText: name });
      const revoke = row.getByRole("button", { name: new RegExp(`^Revoke ${name}`) });
      const cancel = row.getByRole("button", { name: "Cancel" });
      const confirm = row.getByRole("button", { name: "Confirm revoke" });

      // Enter, Enter: the question, then "Cancel". The key stays active; focus is back on Revoke.
      await revoke.focus();
      await page.keyboard.press("Enter");
      await expect(cancel).toBeFocused();
      await checkBothThemes(page, testInfo, shot("confirm-open"));
      await page.keyboard.press("Enter");
      await expect(confirm).toHaveCount(0);
      await expect(revoke).toBeFocused();
      await expect(row).toContainText("Active");

      // Escape answers the question too, and focus goes back to the button that asked.
      await page.keyboard.press("Enter");
      await expect(cancel).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(confirm).toHaveCount(0);
      await expect(revoke).toBeFocused();
      await expect(row).toContainText("Active");

      // Confirming is deliberate: Tab to the confirm button, then Enter.
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      await expect(confirm).toBeFocused();
      await page.keyboard.press("Enter");
      // A sensitive change: the step-up prompt takes focus, and the keyboard answers it too.
      const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
      await expect(dialog.getByLabel("Password", { exact: true })).toBeFocused();
      await page.keyboard.type(seeded.password);
      await page.keyboard.press("Enter");
      await expect(dialog).toHaveCount(0);
      await expect(row).toContainText("Revoked");
    });

    test("6. a workspace name over 80 characters is refused, not cut: on paste, on the server, on rename and in the CLI", async ({ browser }, testInfo) => {
      const long = `Polish ${"x".repeat(263)}`;
      expect(long).toHaveLength(270);
      const page = await signedIn(browser, vp, seeded.users.OWNER, seeded.password, { clipboard: true });
      await open(page, "/workspaces/new");
      const field = page.getByLabel("Workspace name");
      await expect(field).toHaveAttribute("maxlength", "80");
      await expect(page.getByText("0 of 80 characters")).toBeVisible();
      await field.fill("Acme");
      await expect(page.getByText("4 of 80 characters")).toBeVisible();

      // A real paste of 270 characters: refused with the reason, the field keeps what it had.
      await page.evaluate((text) => navigator.clipboard.writeText(text), long);
      await field.focus();
      await page.keyboard.press("ControlOrMeta+V");
      const message = "This name has 274 characters; a workspace name can have at most 80. Shorten it and try again.";
      await expect(page.getByText(message)).toBeVisible();
      await expect(field).toHaveAttribute("aria-invalid", "true");
      await expect(field).toHaveValue("Acme");
      await checkBothThemes(page, testInfo, shot("name-too-long"));

      // Past the browser's guard (no maxlength), the server refuses it with the same words.
      await field.evaluate((el) => el.removeAttribute("maxlength"));
      await field.fill(long);
      await page.getByRole("button", { name: "Create workspace" }).click();
      await expect(page.getByText("This name has 270 characters; a workspace name can have at most 80. Shorten it and try again.")).toBeVisible();
      await expect(page).toHaveURL(/\/workspaces\/new$/);

      // Rename: the same rule.
      await open(page, `/w/${seeded.slug}/settings`);
      const rename = page.getByLabel("Workspace name");
      await expect(rename).toHaveAttribute("maxlength", "80");
      await rename.evaluate((el) => el.removeAttribute("maxlength"));
      await rename.fill("y".repeat(81));
      await page.getByRole("button", { name: "Save name" }).click();
      await expect(page.getByText(/^This name has 81 characters; a workspace name can have at most 80\./)).toBeVisible();

      // The CLI, with the same message and a failing exit.
      let failure = "";
      try {
        cli(["workspace:create", "--name", long, "--owner", seeded.users.OWNER]);
      } catch (err) {
        failure = String((err as { stderr?: string }).stderr);
      }
      expect(failure).toContain("This name has 270 characters; a workspace name can have at most 80.");
    });

    test("7. the 404 page offers a signed-in user their workspaces, a visitor Sign in", async ({ browser }, testInfo) => {
      const page = await signedIn(browser, vp, seeded.users.OWNER, seeded.password);
      const res = await open(page, "/no-such-page-polish");
      expect(res?.status()).toBe(404);
      const main = page.getByRole("main");
      await expect(main.getByRole("link", { name: "Back to your workspaces" })).toHaveAttribute("href", "/w");
      await expect(page.getByRole("link", { name: "Sign in", exact: true })).toHaveCount(0);
      await checkBothThemes(page, testInfo, shot("404-signed-in"));
      await main.getByRole("link", { name: "Back to your workspaces" }).click();
      await expect(page).toHaveURL(new RegExp(`/w/${seeded.slug}$`));

      const visitor = await anonymous(browser, vp);
      await open(visitor, "/no-such-page-polish");
      await expect(visitor.getByRole("main").getByRole("link", { name: "Sign in" })).toBeVisible();
      await expect(visitor.getByRole("link", { name: "Back to your workspaces" })).toHaveCount(0);
    });

    test("8. sign-up from an invitation link has the invited address filled in, read-only", async ({ browser }, testInfo) => {
      const invitee = `invitee-${vp.name}-${Date.now()}@example.test`;
      const owner = await signedIn(browser, vp, seeded.users.OWNER, seeded.password);
      await open(owner, `/w/${seeded.slug}/members`);
      await owner.getByRole("textbox", { name: /^Email/ }).fill(invitee);
      await owner.getByRole("button", { name: "Create invitation" }).click();
      const link = await owner.getByRole("textbox", { name: "Invitation link" }).inputValue();

      const page = await anonymous(browser, vp);
      await open(page, new URL(link).pathname);
      await page.getByRole("main").getByRole("link", { name: "Create an account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Create your Auriko account" })).toBeVisible();
      const email = page.getByLabel("Email", { exact: true });
      await expect(email).toHaveValue(invitee);
      await expect(email).toHaveAttribute("readonly", "");
      await expect(page.getByText(/invited\. The invitation can only be accepted with this address\./)).toBeVisible();
      await checkBothThemes(page, testInfo, shot("signup-invited"));

      // Without an invitation the field is empty and editable.
      await open(page, "/signup");
      await expect(page.getByLabel("Email", { exact: true })).toHaveValue("");
      await expect(page.getByLabel("Email", { exact: true })).not.toHaveAttribute("readonly", /.*/);
    });

    test("9. /status shows No data, not 100 %, for a provider nobody sends requests to", async ({ browser }, testInfo) => {
      const page = await anonymous(browser, vp);
      await open(page, "/status");
      const groq = page.locator('li[data-component="provider:groq"]');
      await expect(groq.getByRole("heading", { name: "Groq" })).toBeVisible();
      await expect(groq.locator("dt")).toHaveText(["Uptime, 24 hours", "Uptime, 7 days", "Uptime, 30 days", "Uptime, 90 days"]);
      await expect(groq.locator("dd")).toHaveText(["No data", "No data", "No data", "No data"]);
      await expect(groq).not.toContainText("100%");
      await expectNoSidewaysScroll(page);
      await checkBothThemes(page, testInfo, shot("status-no-data"));
    });

    test("10. before requiring two-factor authentication, the Owner sees who isn't using it and what happens to them", async ({ browser }, testInfo) => {
      const page = await signedIn(browser, vp, seeded.users.OWNER, seeded.password);
      await open(page, `/w/${seeded.slug}/settings`);
      await page.getByLabel("Everyone", { exact: true }).check();
      const list = page.getByRole("list", { name: "Members without two-factor authentication" });
      await expect(list.getByRole("listitem")).toHaveCount(3);
      for (const email of [seeded.users.OWNER, seeded.users.ADMIN, seeded.users.MEMBER]) await expect(list).toContainText(email);
      await expect(list.getByRole("listitem").filter({ hasText: seeded.users.OWNER })).toContainText("(you)");
      await expect(page.getByText(/Once you save, they can't open this workspace in the console/)).toBeVisible();
      await expect(page.getByText(/Nobody is signed out or removed, and their API keys keep working\./)).toBeVisible();
      await checkBothThemes(page, testInfo, shot("mfa-policy-impact"));

      await page.getByLabel("Owners and Admins", { exact: true }).check();
      await expect(list.getByRole("listitem")).toHaveCount(2);
      await expect(list).not.toContainText(seeded.users.MEMBER);
      await page.getByLabel("Nobody", { exact: true }).check();
      await expect(list).toHaveCount(0);
    });

    test("1. the account's two-factor badge turns On at once; recovery codes stay whole", async ({ browser }, testInfo) => {
      // The workspace-less user, so enrolling does not change the other tests' sign-ins.
      const page = await signedIn(browser, vp, seeded.users.NONMEMBER, seeded.password);
      await open(page, "/account");
      const card = page.getByRole("region", { name: "Two-factor authentication" });
      await expect(card.getByText("Off", { exact: true })).toBeVisible();
      await card.getByRole("link", { name: "Set up two-factor authentication" }).click();
      await expect(page).toHaveURL("/account/security");
      await page.getByLabel("Password", { exact: true }).fill(seeded.password);
      await page.getByRole("button", { name: "Set up", exact: true }).click();
      const secret = ((await page.locator("#setup-key").textContent()) ?? "").replace(/\s/g, "");
      await page.getByLabel("Authentication code", { exact: true }).fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) }));
      await page.getByRole("button", { name: "Turn on", exact: true }).click();

      // The codes stay on screen while the page around them already says "On".
      await expect(page.getByRole("heading", { name: "Two-factor authentication is on" })).toBeVisible();
      await expect(page.getByRole("region", { name: "Authenticator app" }).getByText("On", { exact: true })).toBeVisible();
      const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
      await expect(codes).toHaveCount(10);
      // Each code on one line: its text is one box, as wide as the code, inside its cell.
      const lines = await codes.evaluateAll((items) =>
        items.map((li) => {
          const range = document.createRange();
          range.selectNodeContents(li);
          return { boxes: range.getClientRects().length, fits: li.scrollWidth <= li.clientWidth, text: li.textContent };
        }),
      );
      for (const l of lines) expect(l, `${l.text} wraps or overflows`).toEqual({ boxes: 1, fits: true, text: expect.stringMatching(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}$/) });
      await expectNoSidewaysScroll(page);
      await checkBothThemes(page, testInfo, shot("recovery-codes"));

      // Back to the account page (the browser's Back, which reuses what the router kept): On.
      await page.goBack();
      await expect(page).toHaveURL("/account");
      await expect(card.getByText("On", { exact: true })).toBeVisible();
      await expect(card.getByText("Off", { exact: true })).toHaveCount(0);
      await checkBothThemes(page, testInfo, shot("account-mfa-on"));
    });
  });
}
