import "server-only";
import { sodium } from "./sodium";

/**
 * What a sealed secret belongs to. Each scope gets its own key, derived from the
 * master key with keyed BLAKE2b over the full scope id (a UUID does not fit
 * crypto_kdf's 64-bit subkey id, and truncating it would let scopes collide).
 */
export type VaultScope = { kind: "workspace" | "user"; id: string };

export function scopeContext(scope: VaultScope): string {
  return `auriko/vault/v1/${scope.kind}/${scope.id.toLowerCase()}`;
}

export async function deriveScopeKey(masterKey: Uint8Array, scope: VaultScope): Promise<Uint8Array> {
  const s = await sodium();
  return s.crypto_generichash(s.crypto_secretbox_KEYBYTES, s.from_string(scopeContext(scope)), masterKey);
}
