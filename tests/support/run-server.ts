import { inject } from "vitest";
import { cleanEnv, freePort, startServerProcess, type ServerProcess } from "./server-process";

/**
 * The production server (`server/start.ts`, the console in its worker) on this test run's
 * database, on a free loopback port, for tests that need the real HTTP surface: origin
 * checks, sign-in guards, timing. `dataDir` keeps each caller's runtime files apart.
 */
export async function startRunServer(dataDir: string, logLevel: "info" | "warn" = "info"): Promise<{ server: ServerProcess; origin: string }> {
  const port = await freePort();
  const server = await startServerProcess(
    [process.execPath, "--import", "tsx", "server/start.ts"],
    cleanEnv({
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: inject("ownerUrl"),
      AURIKO_APP_DATABASE_URL: inject("appUrl"),
      AURIKO_MASTER_KEY: inject("masterKey"),
      NEXTAUTH_SECRET: inject("nextauthSecret"),
      AURIKO_MODE: "demo",
      AURIKO_DATA_DIR: dataDir,
      AURIKO_SEED_DEMO: "false",
      AURIKO_STATUS_MONITOR: "off",
      LOG_LEVEL: logLevel,
    }),
    /Auriko is running at http:\/\//,
  );
  return { server, origin: `http://127.0.0.1:${port}` };
}
