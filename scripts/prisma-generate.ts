import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { processEnvSnapshot } from "../lib/env";

/**
 * `prisma generate` without network access: the CLI insists on locating a schema
 * engine binary at start-up even though generation does not use it, so point it at
 * a stub. Telemetry and update checks are off for the same reason.
 */
const result = spawnSync(process.execPath, [resolve("node_modules/prisma/build/index.js"), "generate"], {
  stdio: "inherit",
  env: {
    ...processEnvSnapshot(),
    PRISMA_SCHEMA_ENGINE_BINARY: resolve("scripts/prisma-engine-stub.sh"),
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
