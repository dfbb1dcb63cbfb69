import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Secrets generated once per install and kept in `<data dir>/secrets.json` (mode 0600).
 * Used for the embedded database's passwords always, and for the master key and the
 * session secret only in demo mode (production must be given those explicitly).
 */
export type LocalSecrets = {
  masterKey: string;
  nextauthSecret: string;
  pgSuperPassword: string;
  ownerDbPassword: string;
  appDbPassword: string;
  demoPassword: string;
};

const generators: Record<keyof LocalSecrets, () => string> = {
  masterKey: () => randomBytes(32).toString("base64"),
  nextauthSecret: () => randomBytes(32).toString("base64url"),
  pgSuperPassword: () => randomBytes(24).toString("base64url"),
  ownerDbPassword: () => randomBytes(24).toString("base64url"),
  appDbPassword: () => randomBytes(24).toString("base64url"),
  demoPassword: () => `demo-${randomBytes(9).toString("base64url")}`,
};

export function loadLocalSecrets(dataDir: string): { secrets: LocalSecrets; created: (keyof LocalSecrets)[] } {
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  // Traversable (not listable) so the embedded Postgres, running as `postgres`, can reach its directory.
  chmodSync(dataDir, 0o711);
  const file = join(dataDir, "secrets.json");
  const existing: Partial<LocalSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const created: (keyof LocalSecrets)[] = [];
  const secrets = { ...existing } as LocalSecrets;
  for (const key of Object.keys(generators) as (keyof LocalSecrets)[]) {
    if (!secrets[key]) {
      secrets[key] = generators[key]();
      created.push(key);
    }
  }
  if (created.length) writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secrets, created };
}
