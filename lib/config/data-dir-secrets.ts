import "server-only";
import { ConfigError, type Env } from "../env";
import type { LocalSecrets } from "./local-secrets";

/**
 * Production keeps the vault's master keys and the session secret out of the data folder.
 * The data folder holds the embedded database (every sealed provider key) and is what
 * gets backed up, copied and snapshotted; a key stored beside it turns any such copy into
 * every provider key in clear, and the session secret beside it into forged sign-ins.
 * Only the names of the variables and the file are ever reported, never a value.
 */

const decoded = (b64: string) => Buffer.from(b64.trim(), "base64");

/** Configured secrets whose value is also in `<data dir>/secrets.json`, by variable name. */
export function secretsStoredInDataDir(
  e: Pick<Env, "AURIKO_MASTER_KEY" | "AURIKO_MASTER_KEYS_PREVIOUS" | "NEXTAUTH_SECRET">,
  stored: Pick<LocalSecrets, "masterKey" | "nextauthSecret">,
): string[] {
  const names: string[] = [];
  if (stored.masterKey) {
    const kept = decoded(stored.masterKey);
    if (e.AURIKO_MASTER_KEY && decoded(e.AURIKO_MASTER_KEY).equals(kept)) names.push("AURIKO_MASTER_KEY");
    const previous = e.AURIKO_MASTER_KEYS_PREVIOUS.split(",").map((s) => s.trim()).filter(Boolean);
    if (previous.some((k) => decoded(k).equals(kept))) names.push("AURIKO_MASTER_KEYS_PREVIOUS");
  }
  if (stored.nextauthSecret && e.NEXTAUTH_SECRET === stored.nextauthSecret) names.push("NEXTAUTH_SECRET");
  return names;
}

/** Stops a production start whose master key (or session secret) is stored in the data folder. */
export function assertProductionSecretsOutsideDataDir(e: Env, stored: LocalSecrets, file: string): void {
  if (e.AURIKO_MODE !== "production") return;
  const names = secretsStoredInDataDir(e, stored);
  if (!names.length) return;
  const masterKey = names.some((n) => n.startsWith("AURIKO_MASTER_KEY"));
  const session = names.includes("NEXTAUTH_SECRET");
  const entries = [...(masterKey ? ['"masterKey"'] : []), ...(session ? ['"nextauthSecret"'] : [])];
  const risks = [
    ...(masterKey ? ["with the master key, a copy of that folder decrypts every stored provider key"] : []),
    ...(session ? ["with the session secret, it forges sign-ins"] : []),
  ];
  throw new ConfigError(
    `${names.join(" and ")} ${names.length > 1 ? "are" : "is"} also stored in the data folder (${file}). ` +
      `In production ${masterKey ? "the master key" : "the session secret"}${masterKey && session ? " and the session secret" : ""} ` +
      `must come only from the environment or a secret manager, never from the data folder: ${risks.join("; ")}. ` +
      `Keep the value where ${names.join(", ")} ${names.length > 1 ? "come" : "comes"} from, delete ${entries.join(" and ")} from ${file}, and start again.`,
  );
}
