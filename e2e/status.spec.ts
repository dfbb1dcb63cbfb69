import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { checkBothThemes } from "./helpers/a11y";
import { E2E_DATA_DIR } from "./helpers/demo";
import { REPO_ROOT } from "./helpers/paths";

/**
 * The public status page as an anonymous visitor sees it. Incidents, maintenance and
 * samples are written straight into the e2e server's database (as the operator area
 * would), then read back through the page, /status.json and /api/health.
 */
const tag = randomBytes(3).toString("hex");
const seeded = { incidents: [] as string[], maintenance: [] as string[], sampleDay: "" };

async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const secrets = JSON.parse(readFileSync(resolve(REPO_ROOT, E2E_DATA_DIR, "secrets.json"), "utf8"));
  const client = new pg.Client({
    connectionString: `postgresql://postgres:${encodeURIComponent(secrets.pgSuperPassword)}@127.0.0.1:54349/auriko`,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

test.describe("status page", () => {
  test.beforeAll(async () => {
    await withDb(async (c) => {
      const now = Date.now();
      const min = 60_000;
      const api = (await c.query<{ id: string }>("SELECT id FROM status_components WHERE key = 'api'")).rows[0]!.id;
      const incident = await c.query<{ id: string }>(
        `INSERT INTO status_incidents (title, status, impact, started_at) VALUES ($1, 'monitoring', 'minor', $2) RETURNING id`,
        [`Slow API responses ${tag}`, new Date(now - 60 * min)],
      );
      const id = incident.rows[0]!.id;
      seeded.incidents.push(id);
      await c.query(`INSERT INTO status_incident_components (incident_id, component_id, state) VALUES ($1, $2, 'degraded_performance')`, [id, api]);
      const updates: [string, string, number][] = [
        ["investigating", `We are investigating slow responses ${tag}`, 60],
        ["identified", `A saturated database pool was found ${tag}`, 40],
        ["monitoring", `A fix is live; we are watching ${tag}`, 10],
      ];
      for (const [status, body, ago] of updates) {
        await c.query(`INSERT INTO status_incident_updates (incident_id, status, body, created_at) VALUES ($1, $2, $3, $4)`, [
          id,
          status,
          body,
          new Date(now - ago * min),
        ]);
      }
      const priv = await c.query<{ id: string }>(
        `INSERT INTO status_incidents (title, status, impact, is_public) VALUES ($1, 'investigating', 'major', false) RETURNING id`,
        [`Private matter ${tag}`],
      );
      seeded.incidents.push(priv.rows[0]!.id);
      const m = await c.query<{ id: string }>(
        `INSERT INTO status_maintenances (title, description, starts_at, ends_at) VALUES ($1, 'Brief interruptions.', $2, $3) RETURNING id`,
        [`Database upgrade ${tag}`, new Date(now + 24 * 60 * min), new Date(now + 25 * 60 * min)],
      );
      seeded.maintenance.push(m.rows[0]!.id);
      // Yesterday: a day of samples for the API, one hour of it a major outage.
      const today = new Date(now);
      const yesterday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 86_400_000;
      const day = [api, new Date(yesterday), new Date(yesterday + 86_400_000)];
      await c.query("DELETE FROM status_samples WHERE component_id = $1 AND slot >= $2 AND slot < $3", day);
      await c.query(
        `INSERT INTO status_samples (component_id, slot, state)
         SELECT $1, to_timestamp($2::bigint / 1000.0) + i * interval '5 minutes', CASE WHEN i < 12 THEN 'major_outage' ELSE 'operational' END
           FROM generate_series(0, 287) AS i
         ON CONFLICT DO NOTHING`,
        [api, yesterday],
      );
      seeded.sampleDay = JSON.stringify(day);
    });
  });

  test.afterAll(async () => {
    await withDb(async (c) => {
      await c.query("DELETE FROM status_incidents WHERE id = ANY($1::uuid[])", [seeded.incidents]);
      await c.query("DELETE FROM status_maintenances WHERE id = ANY($1::uuid[])", [seeded.maintenance]);
      if (seeded.sampleDay) {
        const [api, from, to] = JSON.parse(seeded.sampleDay) as [string, string, string];
        await c.query("DELETE FROM status_samples WHERE component_id = $1 AND slot >= $2 AND slot < $3", [api, from, to]);
      }
    });
  });

  test("an anonymous visitor sees components, uptime bars and the incident timeline in order", async ({ page, context }, testInfo) => {
    test.setTimeout(150_000);
    expect(await context.cookies()).toEqual([]);
    // The server shares the snapshot for 5 s and the uptime figures for 60 s: reload until
    // the seeded incident and samples show (an earlier spec may have just looked at /status).
    const apiBars = page.getByRole("region", { name: "Components" }).getByRole("list", { name: "API: daily uptime, last 90 days" });
    await expect(async () => {
      await page.goto("/status");
      await expect(page.getByRole("heading", { name: `Slow API responses ${tag}` })).toBeVisible({ timeout: 1_000 });
      await expect(apiBars.getByText(/: 95\.83% uptime, worst: major outage$/)).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 80_000, intervals: [1_000, 5_000] });

    await expect(page.getByRole("heading", { level: 1, name: "Auriko status" })).toBeVisible();
    await expect(page.getByText("Degraded performance").first()).toBeVisible();

    const components = page.getByRole("region", { name: "Components" });
    for (const name of ["Console", "API", "OpenAI", "Anthropic"]) {
      await expect(components.getByRole("heading", { level: 3, name, exact: true })).toBeVisible();
    }
    await expect(apiBars.getByRole("listitem")).toHaveCount(90);
    await expect(components.getByText("Uptime, 90 days").first()).toBeVisible();

    // Updates, newest first: monitoring, identified, investigating.
    const incident = page.getByRole("article", { name: `Slow API responses ${tag}` });
    const updates = incident.getByRole("list", { name: "Updates, newest first" }).getByRole("listitem");
    await expect(updates).toHaveCount(3);
    await expect(updates.nth(0)).toContainText(`A fix is live; we are watching ${tag}`);
    await expect(updates.nth(1)).toContainText(`A saturated database pool was found ${tag}`);
    await expect(updates.nth(2)).toContainText(`We are investigating slow responses ${tag}`);
    await expect(updates.nth(0)).toContainText("Monitoring");
    await expect(updates.nth(2)).toContainText("Investigating");

    await expect(page.getByRole("heading", { name: `Database upgrade ${tag}` })).toBeVisible();
    await expect(page.getByText(`Private matter ${tag}`)).toHaveCount(0);

    // No workspace data: no workspace name or slug appears anywhere on the page.
    const text = (await page.locator("body").innerText()).toLowerCase();
    const workspaces = await withDb((c) => c.query<{ name: string; slug: string }>("SELECT name, slug FROM workspaces"));
    for (const w of workspaces.rows) {
      for (const s of [w.name, w.slug].filter((v) => v.length >= 6)) expect(text, `page shows workspace "${s}"`).not.toContain(s.toLowerCase());
    }

    await checkBothThemes(page, testInfo, "status");
  });

  test("the header links to the status page", async ({ page }) => {
    await page.goto("/security");
    await page.getByRole("banner").getByRole("link", { name: "Status" }).click();
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByRole("heading", { level: 1, name: "Auriko status" })).toBeVisible();
  });

  test("/status.json and /api/health answer over HTTP", async ({ request }) => {
    await expect(async () => {
      const res = await request.get("/status.json");
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toContain("application/json");
      expect(res.headers()["cache-control"]).toContain("max-age=30");
      const body = await res.json();
      expect(body.components.map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(["console", "api"]));
      const incident = body.active_incidents.find((i: { title: string }) => i.title === `Slow API responses ${tag}`);
      expect(incident.updates.map((u: { status: string }) => u.status)).toEqual(["monitoring", "identified", "investigating"]);
      expect(JSON.stringify(body)).not.toContain(`Private matter ${tag}`);
    }).toPass({ timeout: 20_000 });

    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expect(health.headers()["cache-control"]).toBe("no-store");
    expect(await health.json()).toEqual({ status: "ok", checks: { database: "ok", vault: expect.stringMatching(/^(ok|no_credentials)$/) }, time: expect.any(String) });
  });
});

test.describe("status page on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("fits without horizontal scroll", async ({ page }, testInfo) => {
    await page.goto("/status");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: (document.scrollingElement ?? document.documentElement).scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth, `page is ${scrollWidth}px wide in a ${innerWidth}px viewport`).toBeLessThanOrEqual(innerWidth);
    // Phones show the last 30 days of bars.
    await expect(page.getByRole("list", { name: "API: daily uptime, last 90 days" }).getByRole("listitem").filter({ visible: true })).toHaveCount(30);
    await checkBothThemes(page, testInfo, "status-mobile");
  });
});
