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

type AxeNode = AxeViolation["nodes"][number];

function targetOf(n: AxeNode): string {
  return n.target.map((t) => (typeof t === "string" ? t : JSON.stringify(t))).join(" ");
}

/** For colour contrast the numbers are what one needs to fix it. */
function contrastDetail(n: AxeNode): string {
  const data = n.any.find((c) => c.id === "color-contrast")?.data as
    | { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string }
    | undefined;
  if (!data?.contrastRatio) return "";
  return ` (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}, needs ${data.expectedContrastRatio})`;
}

function describeViolation(v: AxeViolation): string {
  const shown = v.nodes.slice(0, 3).map((n) => `    at ${targetOf(n)}${contrastDetail(n)}`);
  if (v.nodes.length > 3) shown.push(`    … and ${v.nodes.length - 3} more`);
  return `- [${v.impact ?? "unknown"}] ${v.id}: ${v.help}\n${shown.join("\n")}\n    ${v.helpUrl}`;
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
    // The full axe result, for the html report; the error below keeps to what one needs.
    await testInfo.attach(`axe-${name}-${theme}.json`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: "application/json",
    });
    const report = results.violations.map(describeViolation).join("\n");
    throw new Error(
      `${results.violations.length} accessibility violation(s) on "${name}" (${theme} theme, ${page.url()}):\n${report}`,
    );
  }
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
