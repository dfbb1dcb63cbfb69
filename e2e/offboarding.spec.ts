import { expect, test, type Browser } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";
import { seedRoles, type SeededRoles } from "./helpers/auth";
import { BASE_URL, cli, signedInPage, confirmItsYou } from "./helpers/console";

/*
 * Keys die with their owner, through the console: an Admin removes a Member, the
 * confirmation shows the revocation of the Member's API keys ticked (and fixed, for a
 * removal), and the Member's key is then refused by the gateway with a 401 in OpenAI's
 * error shape, within the 5-second bound. The Admin's own key keeps working.
 */

const KEY_BOUND_MS = 5_000;
let seeded: SeededRoles;


const signedIn = (browser: Browser, email: string) => signedInPage(browser, email, seeded.password);

async function models(key: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${BASE_URL}/api/v1/models`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: await res.text() };
}

test.describe.serial("keys die with their owner", () => {
  test.beforeAll(() => {
    seeded = seedRoles();
    cli(["provider:set", "--workspace", seeded.slug, "--provider", "mock"], "mock-e2e-offboarding-key\n");
  });

  test("an Admin removes a Member with the revoke box ticked; the Member's key then gets 401", async ({ browser }, testInfo) => {
    const memberEmail = seeded.users.MEMBER;

    // The Member makes a key in the console, and it works.
    const memberPage = await signedIn(browser, memberEmail);
    await memberPage.goto(`/w/${seeded.slug}/keys`, { waitUntil: "networkidle" });
    await memberPage.getByLabel(/^Name/).fill("member's service");
    await memberPage.getByRole("button", { name: "Create key" }).click();
    await confirmItsYou(memberPage, seeded.password);
    const memberKey = await memberPage.getByRole("textbox", { name: "Your new API key" }).inputValue();
    expect(memberKey).toMatch(/^ak_live_/);
    const adminKey = cli(["apikey:create", "--workspace", seeded.slug, "--name", "admin's service", "--as", seeded.users.ADMIN]).trim();
    expect((await models(memberKey)).status).toBe(200);
    expect((await models(adminKey)).status).toBe(200);

    // The Admin removes the Member.
    const page = await signedIn(browser, seeded.users.ADMIN);
    await page.goto(`/w/${seeded.slug}/members`, { waitUntil: "networkidle" });
    const row = page.getByRole("row").filter({ hasText: memberEmail });
    await row.getByRole("button", { name: `Remove ${memberEmail}` }).click();
    const revoke = row.getByRole("checkbox", { name: `Revoke the API keys ${memberEmail} created in this workspace` });
    await expect(revoke).toBeChecked();
    // A removal always revokes (docs/decisions.md): the box cannot be unticked.
    await expect(revoke).toBeDisabled();
    await expect(row.getByText("Always done on removal: keys stop working within seconds.")).toBeVisible();
    await checkBothThemes(page, testInfo, "members-remove-revokes-keys");

    await row.getByRole("button", { name: "Confirm remove" }).click();
    await confirmItsYou(page, seeded.password);
    // The page refreshes without the Member once the action has committed.
    await expect(page.getByRole("row").filter({ hasText: memberEmail })).toHaveCount(0);
    const removedAt = Date.now();

    // The console runs in its own process; the gateway refuses the key within the bound.
    let answer = await models(memberKey);
    while (answer.status !== 401 && Date.now() - removedAt < KEY_BOUND_MS + 1_000) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await models(memberKey);
    }
    expect(answer.status).toBe(401);
    expect(Date.now() - removedAt).toBeLessThanOrEqual(KEY_BOUND_MS + 500);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { type: "authentication_error", code: "invalid_api_key" } });
    expect((await models(adminKey)).status).toBe(200);

    // The audit log says which key, why and by whom.
    await page.goto(`/w/${seeded.slug}/audit`, { waitUntil: "networkidle" });
    const revokedRow = page.getByRole("row").filter({ hasText: "Revoked an API key" }).filter({ hasText: "member's service" });
    await expect(revokedRow).toHaveCount(1);
    await expect(revokedRow).toContainText("member_removed");
    await expect(revokedRow).toContainText(seeded.users.ADMIN);
  });
});
