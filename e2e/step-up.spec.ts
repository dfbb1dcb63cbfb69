import { expect, test, type Browser, type Page } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";
import { seedRoles, type SeededRoles } from "./helpers/auth";
import { BASE_URL, stepUpDialog } from "./helpers/console";

/*
 * Step-up: a sensitive change (here, creating an API key) asks "Confirm it's you" in a
 * modal dialog; the right password lets the change through by itself, a wrong one is
 * refused in the dialog and creates nothing, and Escape cancels with nothing changed.
 */

let seeded: SeededRoles;

test.beforeAll(() => {
  seeded = seedRoles();
});

async function signIn(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: BASE_URL })).newPage();
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByLabel("Email", { exact: true }).fill(seeded.users.OWNER);
  await page.getByLabel("Password", { exact: true }).fill(seeded.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${seeded.slug}$`));
  await page.goto(`/w/${seeded.slug}/keys`, { waitUntil: "networkidle" });
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  return page;
}

const keyRows = (page: Page, name: string) => page.getByRole("row").filter({ hasText: name });

test("creating an API key asks to confirm it's you; a wrong password creates nothing, the right one creates the key", async ({ browser }, testInfo) => {
  const page = await signIn(browser);
  const name = `step-up ${Date.now().toString(36)}`;
  await page.getByLabel(/^Name/).fill(name);
  const create = page.getByRole("button", { name: "Create key" });
  await create.click();

  const dialog = stepUpDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  const password = dialog.getByLabel("Password", { exact: true });
  await expect(password).toBeFocused();
  await expect(password).toHaveAttribute("type", "password");
  // No authenticator app on this account: the password is the only way offered.
  await expect(dialog.getByRole("button", { name: "Use an authenticator code instead" })).toHaveCount(0);
  await checkBothThemes(page, testInfo, "step-up-dialog");

  // Escape cancels: nothing is created, the error stays with a way back into the prompt.
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  // Focus lands on the way back into the prompt, next to the error (the busy submit button had let go of it).
  const reopen = page.getByRole("button", { name: "Confirm it's you" });
  await expect(reopen).toBeFocused();
  await expect(page.getByText("Confirm it's you to make this change.")).toBeVisible();
  await expect(keyRows(page, name)).toHaveCount(0);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();

  // A wrong password: refused inside the dialog, on its field; still nothing created.
  await dialog.getByLabel("Password", { exact: true }).fill("not my password at all");
  await dialog.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(dialog.getByText("That is not your current password.")).toBeVisible();
  await expect(dialog.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(dialog).toBeVisible();
  await page.reload({ waitUntil: "networkidle" });
  await expect(keyRows(page, name)).toHaveCount(0);

  // The right password: the dialog closes and the key is created without clicking again.
  await page.getByLabel(/^Name/).fill(name);
  await create.click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Password", { exact: true }).fill(seeded.password);
  await dialog.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("textbox", { name: "Your new API key" })).toHaveValue(/^ak_live_/);
  await expect(keyRows(page, name)).toHaveCount(1);

  // Confirmed for this session: revoking it right after does not ask again.
  const row = keyRows(page, name);
  await row.getByRole("button", { name: /^Revoke/ }).click();
  await row.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(row).toContainText("Revoked");
  await expect(dialog).toHaveCount(0);
});
