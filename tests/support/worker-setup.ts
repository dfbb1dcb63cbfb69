import { afterAll, inject } from "vitest";
import { publishRuntimeEnv } from "../../lib/env";
import { disconnectPrisma } from "../../lib/db";

publishRuntimeEnv({
  AURIKO_APP_DATABASE_URL: inject("appUrl"),
  AURIKO_MASTER_KEY: inject("masterKey"),
  NEXTAUTH_SECRET: inject("nextauthSecret"),
  AURIKO_DATA_DIR: ".data/test",
  LOG_LEVEL: "warn",
});

afterAll(async () => {
  await disconnectPrisma();
});
