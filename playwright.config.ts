import { defineConfig, devices } from "@playwright/test";

/*
 * End-to-end tests run the real production server (`server/start.ts`): embedded Postgres,
 * migrations, demo seed, Next.js. It gets its own port, data directory and database port so it
 * never collides with a developer's `npm start` (3000 / .data / 54329).
 *
 * The browser is Debian's chromium (`apt-get install chromium`): `npx playwright install`
 * cannot download browsers here. The flags keep it from phoning home on a closed network.
 */
const PORT = 3100;
const baseURL = `http://127.0.0.1:${PORT}`;
const isCI = Boolean(process.env.CI);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  fullyParallel: false,
  forbidOnly: isCI,
  retries: 0,
  // Two cores: one browser at a time, next to the server and its Postgres.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "sh scripts/start.sh",
    url: `${baseURL}/`,
    timeout: 300_000,
    reuseExistingServer: !isCI,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      AURIKO_DATA_DIR: ".data/e2e",
      AURIKO_EMBEDDED_PG_PORT: "54349",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
