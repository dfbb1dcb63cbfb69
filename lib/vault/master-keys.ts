import "server-only";
import { env } from "../env";
import { VaultError } from "./errors";
import { sodium } from "./sodium";

/**
 * Master keys: one active key seals; previous keys (AURIKO_MASTER_KEYS_PREVIOUS) only
 * open, until `vault:rotate` has re-sealed everything and they can be removed. A key's
 * id is derived from the key itself, so configuration cannot mislabel one.
 */
export type MasterKey = { id: string; key: Uint8Array };
export type MasterKeyRing = { active: MasterKey; byId: Map<string, MasterKey> };

export async function keyIdOf(key: Uint8Array): Promise<string> {
  const s = await sodium();
  const digest = s.crypto_generichash(9, s.from_string("auriko/master-key-id/v1"), key);
  return s.to_base64(digest, s.base64_variants.URLSAFE_NO_PADDING);
}

function decodeKey(b64: string, name: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(b64.trim(), "base64"));
  if (bytes.length !== 32) throw new VaultError("MALFORMED", `${name} must be 32 bytes, base64-encoded`);
  return bytes;
}

let cached: { config: string; ring: Promise<MasterKeyRing> } | undefined;

export function masterKeys(): Promise<MasterKeyRing> {
  const e = env();
  if (!e.AURIKO_MASTER_KEY) throw new VaultError("NO_KEY", "AURIKO_MASTER_KEY is not configured");
  const config = `${e.AURIKO_MASTER_KEY}|${e.AURIKO_MASTER_KEYS_PREVIOUS}`;
  if (cached?.config !== config) {
    cached = {
      config,
      ring: (async () => {
        const activeKey = decodeKey(e.AURIKO_MASTER_KEY!, "AURIKO_MASTER_KEY");
        const active = { id: await keyIdOf(activeKey), key: activeKey };
        const byId = new Map([[active.id, active]]);
        const previous = e.AURIKO_MASTER_KEYS_PREVIOUS.split(",").map((s) => s.trim()).filter(Boolean);
        for (const [i, b64] of previous.entries()) {
          const key = decodeKey(b64, `AURIKO_MASTER_KEYS_PREVIOUS[${i}]`);
          const id = await keyIdOf(key);
          if (!byId.has(id)) byId.set(id, { id, key });
        }
        return { active, byId };
      })(),
    };
  }
  return cached.ring;
}
