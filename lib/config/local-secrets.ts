import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Secrets generated once per install and kept in `<data dir>/secrets.json` (mode 0600).
 * The embedded database's passwords always live there. The master key and the session
 * secret are generated there in demo mode only, which is why demo mode is for trying
 * Auriko out: a copy of the data folder then holds the database and the key that opens
 * every provider key in it. Production never generates them (they must come from the
 * environment) and refuses to run with a key that is stored there (./data-dir-secrets.ts).
 */
export type LocalSecrets = {
  /** Demo mode only. */
  masterKey?: string;
  /** Demo mode only. */
  nextauthSecret?: string;
  pgSuperPassword: string;
  ownerDbPassword: string;
  appDbPassword: string;
  demoPassword: string;
};

const DEMO_ONLY = new Set<keyof LocalSecrets>(["masterKey", "nextauthSecret"]);

const generators: Record<keyof LocalSecrets, () => string> = {
  masterKey: () => randomBytes(32).toString("base64"),
  nextauthSecret: () => randomBytes(32).toString("base64url"),
  pgSuperPassword: () => randomBytes(24).toString("base64url"),
  ownerDbPassword: () => randomBytes(24).toString("base64url"),
  appDbPassword: () => randomBytes(24).toString("base64url"),
  demoPassword: () => `demo-${randomBytes(9).toString("base64url")}`,
};

export function secretsFile(dataDir: string): string {
  return join(dataDir, "secrets.json");
}

export function loadLocalSecrets(dataDir: string, opts: { demo: boolean }): { secrets: LocalSecrets; created: (keyof LocalSecrets)[] } {
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  // Traversable (not listable) so the embedded Postgres, running as `postgres`, can reach its directory.
  chmodSync(dataDir, 0o711);
  const file = secretsFile(dataDir);
  const existing: Partial<LocalSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const created: (keyof LocalSecrets)[] = [];
  const secrets = { ...existing } as LocalSecrets;
  for (const key of Object.keys(generators) as (keyof LocalSecrets)[]) {
    if (!secrets[key] && (opts.demo || !DEMO_ONLY.has(key))) {
      secrets[key] = generators[key]();
      created.push(key);
    }
  }
  if (created.length) writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secrets, created };
}
