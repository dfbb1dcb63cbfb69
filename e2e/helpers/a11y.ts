import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { REPO_ROOT } from "./paths";

export type Theme = "light" | "dark";

/** WCAG 2.1 A + AA: what the console promises. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Kept out of test-results/ (which Playwright wipes) so the last run's pictures stay reviewable. */
export const SCREENSHOT_DIR = join(REPO_ROOT, "e2e", "artifacts", "screenshots");

type AxeViolation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function describeViolation(v: AxeViolation): string {
  const targets = v.nodes
    .slice(0, 3)
    .map((n) => n.target.map((t) => (typeof t === "string" ? t : JSON.stringify(t))).join(" "))
    .join(" | ");
  const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : "";
  return `- [${v.impact ?? "unknown"}] ${v.id}: ${v.help}\n    at ${targets}${more}\n    ${v.helpUrl}`;
}

function safeName(name: string): string {
  return name.replace(/[^a-z0-9._-]+/gi, "-").replace(/^-+|-+$/g, "").toLowerCase() || "page";
}

async function currentTheme(page: Page): Promise<Theme> {
  return (await page.evaluate(() => document.documentElement.classList.contains("dark"))) ? "dark" : "light";
}

/**
 * Runs axe (WCAG 2.1 A/AA) on the page as it is now and fails listing every violation.
 * The full-page screenshot is taken and attached first, pass or fail, so a failure can be
 * looked at and a pass can be reviewed by eye.
 */
export async function expectAccessible(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const theme = await currentTheme(page);
  const file = join(SCREENSHOT_DIR, `${safeName(name)}-${theme}.png`);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  await testInfo.attach(`${name}-${theme}`, { path: file, contentType: "image/png" });

  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (results.violations.length) {
    await testInfo.attach(`axe-${name}-${theme}.json`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: "application/json",
    });
  }
  const report = results.violations.map(describeViolation).join("\n");
  expect(
    results.violations,
    `${results.violations.length} accessibility violation(s) on "${name}" (${theme} theme, ${page.url()}):\n${report}`,
  ).toHaveLength(0);
}

/**
 * Switches the emulated prefers-color-scheme and waits until next-themes (class strategy,
 * default "system") has put the matching class on <html>.
 */
export async function setColorScheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  const html = page.locator("html");
  if (theme === "dark") await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);
  else await expect(html).not.toHaveClass(/(^|\s)dark(\s|$)/);
}

/**
 * Checks the current page in the light theme, then in the dark one. Each theme is checked
 * even when the first fails (soft failure), so one run reports both.
 */
export async function checkBothThemes(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const failures: string[] = [];
  for (const theme of ["light", "dark"] as const) {
    // A step per theme so the two show up separately in the list and html reports.
    await test.step(`${name}: ${theme} theme`, async () => {
      await setColorScheme(page, theme);
      try {
        await expectAccessible(page, testInfo, name);
      } catch (err) {
        failures.push((err as Error).message);
      }
    });
  }
  if (failures.length) throw new Error(failures.join("\n\n"));
}
