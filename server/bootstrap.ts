import { resolve } from "node:path";
import { ConfigError, env, publishRuntimeEnv } from "../lib/env";
import { assertProductionSecretsOutsideDataDir } from "../lib/config/data-dir-secrets";
import { loadLocalSecrets, secretsFile, type LocalSecrets } from "../lib/config/local-secrets";
import { APP_ROLE, migrate } from "../lib/db/migrate";
import { childLogger } from "../lib/log";
import { ensureOwnerDatabase, startEmbeddedDb, type EmbeddedDb } from "./embedded-db";

/**
 * Everything that must happen before the app can serve: secrets, the database
 * (embedded unless DATABASE_URL is set), migrations, and the runtime role's URL
 * published for the app (which only ever connects as app_user).
 */

export type Runtime = {
  ownerUrl: string;
  appUrl: string;
  embedded?: EmbeddedDb;
  secrets: LocalSecrets;
  dataDir: string;
  stop: () => Promise<void>;
};

const OWNER_ROLE = "auriko";

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

export async function prepareRuntime(opts: { database?: string; migrate?: boolean } = {}): Promise<Runtime> {
  const log = childLogger("bootstrap");
  const e = env();
  const dataDir = resolve(e.AURIKO_DATA_DIR);
  const demo = e.AURIKO_MODE === "demo";
  const { secrets, created } = loadLocalSecrets(dataDir, { demo });
  const file = secretsFile(dataDir);
  assertProductionSecretsOutsideDataDir(e, secrets, file);

  if (demo) {
    const generated: Record<string, string> = {};
    if (!e.AURIKO_MASTER_KEY) generated.AURIKO_MASTER_KEY = secrets.masterKey!;
    if (!e.NEXTAUTH_SECRET) generated.NEXTAUTH_SECRET = secrets.nextauthSecret!;
    if (Object.keys(generated).length) {
      publishRuntimeEnv(generated);
      const fresh = created.includes("masterKey") || created.includes("nextauthSecret");
      const masterKeyInDataDir = "AURIKO_MASTER_KEY" in generated;
      log.warn(
        { file, generatedNow: fresh, variables: Object.keys(generated), masterKeyInDataDir },
        masterKeyInDataDir
          ? "demo mode: the master key is stored in the data folder, so anyone with a copy of the data folder (a backup, a snapshot, a copied disk) " +
              "can decrypt every stored provider key. For real use set AURIKO_MODE=production with AURIKO_MASTER_KEY and NEXTAUTH_SECRET from the environment"
          : "demo mode: the session secret is stored in the data folder, so a copy of the data folder can forge sign-ins. " +
              "For real use set AURIKO_MODE=production with AURIKO_MASTER_KEY and NEXTAUTH_SECRET from the environment",
      );
    }
  } else if (secrets.masterKey || secrets.nextauthSecret) {
    // Left from a demo install: opens nothing this install uses, but may open an old copy of the database.
    log.warn(
      { file },
      "the data folder still holds a master key or session secret from demo mode, which production does not use: " +
        "keep a copy elsewhere if anything was sealed under it, then delete those entries from the file",
    );
  }

  let embedded: EmbeddedDb | undefined;
  let ownerUrl = e.DATABASE_URL;
  if (!ownerUrl) {
    embedded = await startEmbeddedDb({ dataDir, port: e.AURIKO_EMBEDDED_PG_PORT, password: secrets.pgSuperPassword });
    const database = opts.database ?? "auriko";
    await ensureOwnerDatabase(embedded.superUrl(), { role: OWNER_ROLE, password: secrets.ownerDbPassword, database });
    ownerUrl = `postgresql://${OWNER_ROLE}:${encodeURIComponent(secrets.ownerDbPassword)}@127.0.0.1:${embedded.port}/${database}`;
  }

  let appUrl = e.AURIKO_APP_DATABASE_URL;
  let appRolePassword: string | undefined;
  if (!appUrl) {
    appRolePassword = e.AURIKO_APP_DB_PASSWORD ?? (embedded || e.AURIKO_MODE === "demo" ? secrets.appDbPassword : undefined);
    if (!appRolePassword) {
      throw new ConfigError(
        "With an external DATABASE_URL in production, set AURIKO_APP_DATABASE_URL (a pre-created app_user role) " +
          "or AURIKO_APP_DB_PASSWORD (the password Auriko gives the app_user role it creates).",
      );
    }
    appUrl = withCredentials(ownerUrl, APP_ROLE, appRolePassword);
  }

  if (opts.migrate !== false) {
    const result = await migrate(ownerUrl, { appRolePassword, log: (m) => log.info(m) });
    log.info({ applied: result.applied.length, alreadyApplied: result.alreadyApplied }, "database migrated");
  }
  publishRuntimeEnv({ AURIKO_APP_DATABASE_URL: appUrl });

  return {
    ownerUrl,
    appUrl,
    embedded,
    secrets,
    dataDir,
    stop: async () => {
      await embedded?.stop();
    },
  };
}
