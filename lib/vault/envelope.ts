import "server-only";
import { deriveScopeKey, type VaultScope } from "./derive-scope-key";
import { VaultError } from "./errors";
import { masterKeys, type MasterKey } from "./master-keys";
import { sodium } from "./sodium";

/**
 * Sealed secrets: `v1.<masterKeyId>.<nonce>.<ciphertext>` (base64url), made with
 * crypto_secretbox_easy (XSalsa20-Poly1305) under the scope's derived key and a fresh
 * 24-byte random nonce. secretbox has no associated data, so the record the secret
 * belongs to (`binding`: e.g. credential id and provider) is sealed inside with it and
 * compared on open: a ciphertext copied to another row or workspace does not open.
 *
 * Plaintext layout: uint16 length of the binding JSON, the binding JSON, the secret.
 */
export type Binding = Record<string, string>;

const VERSION = "v1";

function canonicalBinding(scope: VaultScope, binding: Binding): string {
  const all: Binding = { ...binding, scope: `${scope.kind}:${scope.id.toLowerCase()}` };
  return JSON.stringify(Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]])));
}

async function sealWith(master: MasterKey, scope: VaultScope, binding: Binding, secret: Uint8Array): Promise<string> {
  const s = await sodium();
  const key = await deriveScopeKey(master.key, scope);
  const header = s.from_string(canonicalBinding(scope, binding));
  if (header.length > 0xffff) throw new VaultError("MALFORMED", "binding too large");
  const plain = new Uint8Array(2 + header.length + secret.length);
  plain[0] = header.length >> 8;
  plain[1] = header.length & 0xff;
  plain.set(header, 2);
  plain.set(secret, 2 + header.length);
  const nonce = s.randombytes_buf(s.crypto_secretbox_NONCEBYTES);
  try {
    const box = s.crypto_secretbox_easy(plain, nonce, key);
    const b64 = (b: Uint8Array) => s.to_base64(b, s.base64_variants.URLSAFE_NO_PADDING);
    return [VERSION, master.id, b64(nonce), b64(box)].join(".");
  } finally {
    s.memzero(plain);
    s.memzero(key);
  }
}

export async function seal(scope: VaultScope, binding: Binding, secret: Uint8Array): Promise<string> {
  return sealWith((await masterKeys()).active, scope, binding, secret);
}

export function envelopeKeyId(envelope: string): string {
  const parts = envelope.split(".");
  if (parts[0] !== VERSION) throw new VaultError("UNSUPPORTED_VERSION", `unsupported envelope version "${parts[0] ?? ""}"`);
  if (parts.length !== 4) throw new VaultError("MALFORMED", "malformed envelope");
  return parts[1]!;
}

type ParsedEnvelope = { keyId: string; nonce: Uint8Array; box: Uint8Array; scope: VaultScope; binding: Binding; header: string };

/**
 * Envelopes already parsed, with the binding they must carry: ciphertext and nonce only
 * (no key material, nothing that opens anything), so a busy credential is decoded once
 * instead of on every request. Bounded; the oldest entry goes first.
 */
const parsedEnvelopes = new Map<string, ParsedEnvelope>();
const PARSED_MAX = 10_000;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function sameRecord(p: ParsedEnvelope, scope: VaultScope, binding: Binding): boolean {
  if (p.scope.kind !== scope.kind || p.scope.id !== scope.id) return false;
  const names = Object.keys(binding);
  return names.length === Object.keys(p.binding).length && names.every((k) => p.binding[k] === binding[k]);
}

function parseEnvelope(scope: VaultScope, binding: Binding, envelope: string, nonceBytes: number, macBytes: number): ParsedEnvelope {
  const known = parsedEnvelopes.get(envelope);
  if (known && sameRecord(known, scope, binding)) return known;
  const keyId = envelopeKeyId(envelope);
  const [, , nonceB64, boxB64] = envelope.split(".");
  if (!BASE64URL.test(nonceB64!) || !BASE64URL.test(boxB64!)) throw new VaultError("MALFORMED", "malformed envelope");
  const nonce = new Uint8Array(Buffer.from(nonceB64!, "base64url"));
  const box = new Uint8Array(Buffer.from(boxB64!, "base64url"));
  if (nonce.length !== nonceBytes || box.length < macBytes + 2) throw new VaultError("MALFORMED", "malformed envelope");
  const parsed = { keyId, nonce, box, scope: { ...scope }, binding: { ...binding }, header: canonicalBinding(scope, binding) };
  if (parsedEnvelopes.size >= PARSED_MAX) parsedEnvelopes.delete(parsedEnvelopes.keys().next().value!);
  parsedEnvelopes.set(envelope, parsed);
  return parsed;
}

/** Opens an envelope. The caller owns the returned bytes and must wipe them (`wipe`). */
export async function open(scope: VaultScope, binding: Binding, envelope: string): Promise<Uint8Array> {
  const s = await sodium();
  const { keyId, nonce, box, header } = parseEnvelope(scope, binding, envelope, s.crypto_secretbox_NONCEBYTES, s.crypto_secretbox_MACBYTES);
  const master = (await masterKeys()).byId.get(keyId);
  if (!master) throw new VaultError("UNKNOWN_KEY", `sealed under unknown master key ${keyId}`);
  const key = await deriveScopeKey(master.key, scope);
  let plain: Uint8Array;
  try {
    plain = s.crypto_secretbox_open_easy(box, nonce, key);
  } catch {
    throw new VaultError("AUTH_FAILED", "the sealed value failed authentication");
  } finally {
    s.memzero(key);
  }
  const headerLength = (plain[0]! << 8) | plain[1]!;
  if (s.to_string(plain.subarray(2, 2 + headerLength)) !== header) {
    s.memzero(plain);
    throw new VaultError("BINDING_MISMATCH", "the sealed value belongs to another record");
  }
  const secret = plain.slice(2 + headerLength);
  s.memzero(plain);
  return secret;
}

/** Re-seals under the active master key (for rotation); returns null when already current. */
export async function resealIfStale(scope: VaultScope, binding: Binding, envelope: string): Promise<string | null> {
  const ring = await masterKeys();
  if (envelopeKeyId(envelope) === ring.active.id) return null;
  const secret = await open(scope, binding, envelope);
  try {
    return await sealWith(ring.active, scope, binding, secret);
  } finally {
    await wipe(secret);
  }
}

export async function wipe(bytes: Uint8Array): Promise<void> {
  (await sodium()).memzero(bytes);
}
