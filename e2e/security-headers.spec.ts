import { confirmItsYou } from "./helpers/console";
import { execFileSync } from "node:child_process";
import { request as httpRequest } from "node:http";
import { expect, test, type APIResponse, type Browser, type Page } from "@playwright/test";
import { checkBothThemes } from "./helpers/a11y";
import { apiSignIn, seedRoles, type SeededRoles } from "./helpers/auth";
import { REPO_ROOT } from "./helpers/paths";

/*
 * Security headers and the disclosure channel, through the real production server and
 * browser: every page carries a Content-Security-Policy with a fresh nonce and the other
 * headers; pages hydrate and work under that policy without a single violation; the
 * disclosure policy is accessible; security.txt is served as RFC 9116 asks.
 */

const BASE_URL = "http://127.0.0.1:3100";
const PUBLIC_PAGES = ["/", "/security", "/security/disclosure", "/status", "/login", "/signup"];
const CONSOLE_PAGES = ["", "/keys", "/providers", "/usage", "/members", "/audit", "/settings", "/notices"];
const ACCOUNT_PAGES = ["/account", "/account/security", "/workspaces/new"];
const OPERATOR_PAGES = ["/operator", "/operator/components", "/operator/incidents", "/operator/incidents/new", "/operator/maintenance", "/operator/audit"];

let seeded: SeededRoles;

function nonceOf(csp: string): string {
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, `no nonce in: ${csp}`).toBeTruthy();
  return nonce!;
}

function directive(csp: string, name: string): string {
  const found = csp.split(";").map((d) => d.trim()).find((d) => d === name || d.startsWith(`${name} `));
  expect(found, `${name} missing from: ${csp}`).toBeTruthy();
  return found!;
}

function expectSecurityHeaders(res: APIResponse, path: string) {
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  const scripts = directive(csp, "script-src");
  expect(scripts, path).toContain(`'nonce-${nonceOf(csp)}'`);
  expect(scripts, path).toContain("'strict-dynamic'");
  expect(scripts, path).not.toContain("'unsafe-inline'");
  expect(scripts, path).not.toContain("'unsafe-eval'");
  expect(directive(csp, "object-src"), path).toBe("object-src 'none'");
  expect(directive(csp, "base-uri"), path).toBe("base-uri 'self'");
  expect(directive(csp, "frame-ancestors"), path).toBe("frame-ancestors 'none'");
  expect(directive(csp, "form-action"), path).toBe("form-action 'self'");
  expect(directive(csp, "default-src"), path).toBe("default-src 'self'");
  expect(h["x-content-type-options"], path).toBe("nosniff");
  expect(h["x-frame-options"], path).toBe("DENY");
  expect(h["referrer-policy"], path).toBe("same-origin");
  expect(h["permissions-policy"], path).toContain("camera=()");
  // Plain http on a demo install: HSTS would be ignored by browsers, and is not sent.
  expect(h["strict-transport-security"], path).toBeUndefined();
}

/** Records CSP violations (DOM events and console reports) and page errors from the first script on. */
async function watchForViolations(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/content security policy|refused to (load|execute|apply)/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return async () => {
    const fromPage = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []);
    return [...seen, ...fromPage];
  };
}

/** Proves the page hydrated: the theme switch renders only on the client and works through React. */
async function switchTheme(page: Page) {
  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/(^|\s)dark(\s|$)/);
  await page.getByRole("button", { name: "Light theme" }).click();
  await expect(page.locator("html")).not.toHaveClass(/(^|\s)dark(\s|$)/);
}

async function signedInPage(browser: Browser, email: string, password = seeded.password, recoveryCode?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const res = await apiSignIn(context.request, email, password, {}, recoveryCode ? { recoveryCode } : undefined);
  expect(res.status()).toBeLessThan(400);
  return context.newPage();
}

/** Opens each page as a browser would and checks it rendered (one h1) with no violation. */
async function sweep(page: Page, paths: string[]) {
  const violations = await watchForViolations(page);
  for (const path of paths) {
    const res = await page.goto(path, { waitUntil: "networkidle" });
    expect(res?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }), path).toHaveCount(1);
    expect(await violations(), path).toEqual([]);
  }
}

/** An operator with MFA (seeded), made one with the operator CLI, as the operator spec does. */
function seedOperator(): { email: string; password: string; recoveryCodes: string[] } {
  const run = (args: string[]) =>
    execFileSync(process.execPath, ["--import", "tsx", ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, AURIKO_DATA_DIR: ".data/e2e", AURIKO_EMBEDDED_PG_PORT: "54349", LOG_LEVEL: "error" },
    });
  const operator = JSON.parse(run(["e2e/helpers/seed-operator.ts"]).trim().split("\n").pop()!);
  run(["scripts/cli.ts", "user:operator", "--email", operator.email]);
  return operator;
}

test.describe.serial("security headers", () => {
  test.beforeAll(() => {
    seeded = seedRoles();
  });

  test("public pages carry a nonce-based CSP and the other security headers, with a fresh nonce per response", async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of PUBLIC_PAGES) {
      for (let i = 0; i < 2; i++) {
        const res = await request.get(path);
        expect(res.status(), path).toBe(200);
        expectSecurityHeaders(res, path);
        const nonce = nonceOf(res.headers()["content-security-policy"]!);
        // The nonce is on Next's own scripts in this very response.
        expect(await res.text(), path).toContain(`nonce="${nonce}"`);
        nonces.add(nonce);
      }
    }
    expect(nonces.size).toBe(PUBLIC_PAGES.length * 2);
  });

  test("every console, account and operator page renders with no CSP violation", async ({ browser }) => {
    const owner = await signedInPage(browser, seeded.users.OWNER);
    await sweep(owner, [...CONSOLE_PAGES.map((p) => `/w/${seeded.slug}${p}`), ...ACCOUNT_PAGES]);
    const op = seedOperator();
    const operator = await signedInPage(browser, op.email, op.password, op.recoveryCodes[0]);
    await sweep(operator, OPERATOR_PAGES);
  });

  test("console pages carry the same headers", async ({ browser }) => {
    const page = await signedInPage(browser, seeded.users.OWNER);
    for (const path of [`/w/${seeded.slug}`, `/w/${seeded.slug}/keys`, `/w/${seeded.slug}/usage`, "/account/security"]) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(200);
      expectSecurityHeaders(res, path);
    }
  });

  test("a client cannot choose its own nonce", async ({ request }) => {
    const forced = "AAAAAAAAAAAAAAAAAAAAAA==";
    const res = await request.get("/security", {
      headers: { "x-nonce": forced, "content-security-policy": `script-src 'nonce-${forced}'` },
    });
    const csp = res.headers()["content-security-policy"]!;
    expect(nonceOf(csp)).not.toBe(forced);
    expect(await res.text()).not.toContain(forced);
  });

  test("public pages hydrate and work with no CSP violation", async ({ page }) => {
    const violations = await watchForViolations(page);
    for (const path of PUBLIC_PAGES) {
      await page.goto(path, { waitUntil: "networkidle" });
      await switchTheme(page);
    }
    // Client-side navigation (an RSC fetch) from the security page to the disclosure policy.
    await page.goto("/security", { waitUntil: "networkidle" });
    await page.getByRole("link", { name: "vulnerability disclosure policy" }).click();
    await expect(page).toHaveURL(/\/security\/disclosure$/);
    await expect(page.getByRole("heading", { level: 1, name: "Vulnerability disclosure policy" })).toBeVisible();
    expect(await violations()).toEqual([]);
  });

  test("console pages (charts, server actions, the MFA QR code) work with no CSP violation", async ({ browser }) => {
    const page = await signedInPage(browser, seeded.users.OWNER);
    const violations = await watchForViolations(page);

    await page.goto(`/w/${seeded.slug}`, { waitUntil: "networkidle" });
    await switchTheme(page);
    await page.goto(`/w/${seeded.slug}/usage`, { waitUntil: "networkidle" });
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    // A server action: create an API key; it is shown once.
    await page.goto(`/w/${seeded.slug}/keys`, { waitUntil: "networkidle" });
    await page.getByLabel(/^Name/).fill("csp check");
    await page.getByRole("button", { name: "Create key" }).click();
    await confirmItsYou(page, seeded.password);
    await expect(page.getByRole("textbox", { name: "Your new API key" })).toHaveValue(/^ak_live_/);

    // The QR code is a data: URL image; it must load, not be blocked.
    await page.goto("/account/security", { waitUntil: "networkidle" });
    await page.getByLabel("Password", { exact: true }).fill(seeded.password);
    await page.getByRole("button", { name: "Set up", exact: true }).click();
    const qr = page.getByRole("img", { name: "QR code for your authenticator app" });
    await expect(qr).toBeVisible();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    expect(await violations()).toEqual([]);
  });

  test("markup injected into a page cannot run script: inline scripts and handlers without the nonce are blocked", async ({ page }) => {
    const violations = await watchForViolations(page);
    // Stand-in for a stored XSS: the real response, headers and all, with attacker markup in its HTML.
    await page.route("**/security", async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        "<main",
        '<script>window.__injected = "script"</script><img src="/missing.png" onerror="window.__injected = \'handler\'" alt=""><main',
      );
      await route.fulfill({ response, body: html });
    });
    await page.goto("/security", { waitUntil: "networkidle" });
    // The page's own scripts still run: it hydrates.
    await switchTheme(page);
    expect(await page.evaluate(() => (window as unknown as { __injected?: string }).__injected)).toBeUndefined();
    const seen = await violations();
    expect(seen.some((v) => v.startsWith("script-src-elem blocked inline")), seen.join("\n")).toBe(true);
    expect(seen.some((v) => v.startsWith("script-src-attr blocked inline")), seen.join("\n")).toBe(true);
  });

  test("the disclosure policy page: contents, links in, accessibility in both themes", async ({ page }, testInfo) => {
    await page.goto("/security/disclosure", { waitUntil: "networkidle" });
    await expect(page.getByRole("heading", { level: 1, name: "Vulnerability disclosure policy" })).toBeVisible();
    for (const name of ["How to report", "What happens next", "Scope", "Rules of engagement", "Safe harbour", "Coordinated disclosure", "Credit"]) {
      await expect(page.getByRole("heading", { level: 2, name }), name).toBeVisible();
    }
    const contact = page.getByRole("main").getByRole("link", { name: /@/ }).first();
    await expect(contact).toHaveAttribute("href", /^mailto:[^@]+@[^@]+$/);
    await expect(page.getByRole("table", { name: /fix targets/i })).toBeVisible();
    await expect(page.getByRole("contentinfo").getByRole("link", { name: "Report a vulnerability" })).toHaveAttribute(
      "href",
      "/security/disclosure",
    );
    await checkBothThemes(page, testInfo, "security-disclosure");
  });
});

test.describe("security.txt", () => {
  test("is served over HTTP as RFC 9116 asks", async ({ request }) => {
    const before = Date.now();
    const res = await request.get("/.well-known/security.txt");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("text/plain; charset=utf-8");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    const text = await res.text();
    expect(text.endsWith("\n")).toBe(true);
    const fields = text
      .split(/\r?\n/)
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => {
        const m = /^([A-Za-z-]+): (.+)$/.exec(l);
        expect(m, l).not.toBeNull();
        return [m![1]!.toLowerCase(), m![2]!] as const;
      });
    const all = (name: string) => fields.filter(([k]) => k === name).map(([, v]) => v);
    expect(all("contact")).toHaveLength(1);
    expect(all("contact")[0]).toMatch(/^mailto:[^@\s]+@[^@\s]+$/);
    const expires = all("expires");
    expect(expires).toHaveLength(1);
    expect(expires[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const at = Date.parse(expires[0]!);
    expect(at).toBeGreaterThan(before);
    expect(at - before).toBeLessThan(365 * 24 * 3600_000);
    expect(all("policy")).toEqual([`${BASE_URL}/security/disclosure`]);
    expect(all("canonical")).toEqual([`${BASE_URL}/.well-known/security.txt`]);
    expect(all("preferred-languages")).toEqual(["en"]);

    // The policy it points to exists.
    expect((await request.get(new URL(all("policy")[0]!).pathname)).status()).toBe(200);
  });

  test("the legacy /security.txt redirects to the /.well-known/ location", async ({ request }) => {
    const res = await request.get("/security.txt", { maxRedirects: 0 });
    expect([301, 308]).toContain(res.status());
    expect(res.headers()["location"]).toBe("/.well-known/security.txt");
  });

  test("a forged Host header does not change the URLs it publishes", async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${BASE_URL}/.well-known/security.txt`, { headers: { host: "attacker.example" } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve(body));
      });
      req.on("error", reject);
      req.end();
    });
    expect(text).toContain(`Canonical: ${BASE_URL}/.well-known/security.txt`);
    expect(text).not.toContain("attacker.example");
  });
});
