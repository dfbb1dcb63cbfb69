import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { looksLikePlaceholder, publishRuntimeEnv } from "../env";
import { deriveScopeKey, envelopeKeyId, keyIdOf, open, resealIfStale, seal, VaultError, type VaultScope } from "./index";
import { sodium } from "./sodium";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

beforeEach(() => publishRuntimeEnv({ AURIKO_MASTER_KEY: keyA, AURIKO_MASTER_KEYS_PREVIOUS: "" }));
afterEach(() => publishRuntimeEnv({ AURIKO_MASTER_KEYS_PREVIOUS: "" }));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "opened";
  } catch (err) {
    return err instanceof VaultError ? err.code : `unexpected ${(err as Error).message}`;
  }
}

describe("known answers", () => {
  it("crypto_secretbox_easy matches published vectors (zero key and nonce)", async () => {
    const s = await sodium();
    const zeroKey = new Uint8Array(32);
    const zeroNonce = new Uint8Array(24);
    expect(Array.from(s.crypto_secretbox_easy(utf8("test"), zeroNonce, zeroKey))).toEqual([
      175, 153, 180, 147, 246, 123, 253, 41, 159, 169, 32, 114, 64, 251, 167, 179, 178, 91, 200, 139,
    ]);
    expect(Array.from(s.crypto_secretbox_easy(utf8("yay"), zeroNonce, zeroKey))).toEqual([
      84, 131, 248, 12, 139, 116, 241, 128, 234, 239, 195, 4, 159, 62, 44, 3, 191, 95, 194,
    ]);
  });

  it("BLAKE2b (the derivation's primitive) matches RFC 7693 and the keyed reference vector", async () => {
    const s = await sodium();
    expect(hex(s.crypto_generichash(64, utf8("abc"), null))).toBe(
      "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
    );
    const key = Uint8Array.from({ length: 64 }, (_, i) => i);
    expect(hex(s.crypto_generichash(64, new Uint8Array(0), key))).toBe(
      "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568",
    );
  });

  it("derives a pinned key for a pinned master key and workspace (format stability)", async () => {
    const master = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
    const key = await deriveScopeKey(master, { kind: "workspace", id: "3f2504e0-4f89-41d3-9a0c-0305e82c3301" });
    expect(hex(key)).toBe(PINNED_WORKSPACE_KEY);
  });
});

// BLAKE2b-256 keyed with the master key over "auriko/vault/v1/workspace/<id>". Changing it breaks every stored envelope.
const PINNED_WORKSPACE_KEY = "ef84d9aaffe342726fa3ee1d46b7fa0df17e7545831d6f11e3a166f725ff77f6";

describe("per-scope derivation", () => {
  it("gives every workspace and user its own key, over the whole id", async () => {
    const master = randomBytes(32);
    const id = randomUUID();
    const sibling = id.slice(0, -1) + (id.endsWith("0") ? "1" : "0");
    const keys = await Promise.all([
      deriveScopeKey(master, { kind: "workspace", id }),
      deriveScopeKey(master, { kind: "workspace", id: sibling }),
      deriveScopeKey(master, { kind: "user", id }),
      deriveScopeKey(randomBytes(32), { kind: "workspace", id }),
    ]);
    expect(new Set(keys.map(hex)).size).toBe(4);
  });
});

describe("envelopes", () => {
  const ws: VaultScope = { kind: "workspace", id: randomUUID() };
  const binding = { credentialId: randomUUID(), provider: "openai" };

  it("round-trips, with a fresh nonce for every seal", async () => {
    const a = await seal(ws, binding, utf8("sk-test-secret"));
    const b = await seal(ws, binding, utf8("sk-test-secret"));
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]{32}\.[\w-]+$/);
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
    expect(Buffer.from(await open(ws, binding, a)).toString()).toBe("sk-test-secret");
    expect(a).not.toContain(Buffer.from("sk-test-secret").toString("base64url"));
  });

  it("refuses a flipped bit anywhere in the ciphertext or nonce", async () => {
    const env = await seal(ws, binding, utf8("sk-test-secret"));
    const [v, id, nonce, box] = env.split(".");
    const flip = (b64: string, at: number) => {
      const bytes = Buffer.from(b64, "base64url");
      bytes[at % bytes.length]! ^= 0x01;
      return bytes.toString("base64url");
    };
    for (const at of [0, 5, 17, 30]) expect(await code(open(ws, binding, [v, id, nonce, flip(box!, at)].join(".")))).toBe("AUTH_FAILED");
    expect(await code(open(ws, binding, [v, id, flip(nonce!, 3), box].join(".")))).toBe("AUTH_FAILED");
  });

  it("refuses a ciphertext moved to another workspace", async () => {
    const env = await seal(ws, binding, utf8("sk-test-secret"));
    expect(await code(open({ kind: "workspace", id: randomUUID() }, binding, env))).toBe("AUTH_FAILED");
    expect(await code(open({ kind: "user", id: ws.id }, binding, env))).toBe("AUTH_FAILED");
  });

  it("refuses two ciphertexts swapped between rows of one workspace", async () => {
    const rowA = { credentialId: randomUUID(), provider: "openai" };
    const rowB = { credentialId: randomUUID(), provider: "anthropic" };
    const envA = await seal(ws, rowA, utf8("key-a"));
    const envB = await seal(ws, rowB, utf8("key-b"));
    expect(await code(open(ws, rowA, envB))).toBe("BINDING_MISMATCH");
    expect(await code(open(ws, rowB, envA))).toBe("BINDING_MISMATCH");
    expect(await code(open(ws, { ...rowA, provider: "groq" }, envA))).toBe("BINDING_MISMATCH");
  });

  it("checks the record on every open, not only the first (envelopes are parsed once)", async () => {
    const row = { credentialId: randomUUID(), provider: "openai" };
    const env = await seal(ws, row, utf8("key-a"));
    expect(Buffer.from(await open(ws, row, env)).toString()).toBe("key-a");
    expect(await code(open(ws, { ...row, credentialId: randomUUID() }, env))).toBe("BINDING_MISMATCH");
    expect(await code(open(ws, { ...row, provider: "openai", extra: "x" }, env))).toBe("BINDING_MISMATCH");
    expect(await code(open({ kind: "workspace", id: randomUUID() }, row, env))).toBe("AUTH_FAILED");
    expect(Buffer.from(await open(ws, row, env)).toString()).toBe("key-a");
  });

  it("fails closed on an unknown version, an unknown key id, or garbage", async () => {
    const env = await seal(ws, binding, utf8("x"));
    expect(await code(open(ws, binding, env.replace(/^v1\./, "v2.")))).toBe("UNSUPPORTED_VERSION");
    expect(await code(open(ws, binding, env.replace(/^v1\.[^.]+\./, "v1.AAAAAAAAAAAA.")))).toBe("UNKNOWN_KEY");
    expect(await code(open(ws, binding, "v1.x.y"))).toBe("MALFORMED");
    expect(await code(open(ws, binding, `v1.${envelopeKeyId(env)}.%%%.%%%`))).toBe("MALFORMED");
  });
});

describe("master key rotation", () => {
  it("opens old envelopes with a previous key, re-seals under the active one, then retires the old key", async () => {
    const ws: VaultScope = { kind: "workspace", id: randomUUID() };
    const binding = { credentialId: randomUUID(), provider: "openai" };
    const old = await seal(ws, binding, utf8("rotate-me"));
    expect(envelopeKeyId(old)).toBe(await keyIdOf(new Uint8Array(Buffer.from(keyA, "base64"))));

    publishRuntimeEnv({ AURIKO_MASTER_KEY: keyB, AURIKO_MASTER_KEYS_PREVIOUS: keyA });
    expect(Buffer.from(await open(ws, binding, old)).toString()).toBe("rotate-me");
    const fresh = (await resealIfStale(ws, binding, old))!;
    expect(envelopeKeyId(fresh)).toBe(await keyIdOf(new Uint8Array(Buffer.from(keyB, "base64"))));
    expect(await resealIfStale(ws, binding, fresh)).toBeNull();

    publishRuntimeEnv({ AURIKO_MASTER_KEY: keyB, AURIKO_MASTER_KEYS_PREVIOUS: "" });
    expect(Buffer.from(await open(ws, binding, fresh)).toString()).toBe("rotate-me");
    expect(await code(open(ws, binding, old))).toBe("UNKNOWN_KEY");
  });
});

describe("placeholder master keys", () => {
  it("are recognised; random keys are not", () => {
    expect(looksLikePlaceholder(Buffer.alloc(32).toString("base64"))).toBe(true);
    expect(looksLikePlaceholder(Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString("base64"))).toBe(true);
    expect(looksLikePlaceholder(Buffer.from("0123456789abcdef0123456789abcdef").toString("base64"))).toBe(true);
    for (let i = 0; i < 20; i++) expect(looksLikePlaceholder(randomBytes(32).toString("base64"))).toBe(false);
  });
});
