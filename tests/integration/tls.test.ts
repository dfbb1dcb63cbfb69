import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { connect as tlsConnect, type ConnectionOptions, type EphemeralKeyInfo } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, freePort, startServerProcess, type ServerProcess } from "../support/server-process";

/**
 * Built-in HTTPS, end to end: the production server (`server/start.ts`) started with a
 * self-signed certificate made for this run, its own data directory and Postgres port.
 * It serves the console and the gateway over TLS with the security headers, and refuses
 * plain HTTP on the same port without processing the request.
 */
const DATA_DIR = ".data/tls-test";
const PG_PORT = "54397";

let dir = "";
let cert = "";
let server: ServerProcess | undefined;
let port = 0;
let agent: Agent;

/** Runs the server with only the given configuration and returns how it ended (it should fail fast). */
function startupFailure(extra: Record<string, string>): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "server/start.ts"], {
    // Should start-up not fail, it still keeps away from every real port and data directory.
    env: cleanEnv({ PORT: "1", HOST: "127.0.0.1", AURIKO_DATA_DIR: join(dir, "never-used"), AURIKO_EMBEDDED_PG_PORT: "54395", ...extra }),
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A raw HTTP/1.1 exchange on a plain TCP connection: everything the server sends until it closes. */
function rawExchange(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.setTimeout(15_000, () => socket.destroy(new Error(`no close within 15 s; got: ${received}`)));
    socket.on("data", (b) => (received += b.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => resolve(received));
    socket.write(text);
  });
}

type Handshake = { ok: true; protocol: string | null; cipher: string; key: EphemeralKeyInfo | object } | { ok: false; code: string };

/** One TLS handshake with the server (the client trusts its certificate), with the client's own limits. */
function handshake(opts: ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, ca: cert, ...opts }, () => {
      resolve({ ok: true, protocol: socket.getProtocol(), cipher: socket.getCipher().name, key: socket.getEphemeralKeyInfo() ?? {} });
      socket.end();
    });
    socket.setTimeout(15_000, () => socket.destroy(new Error("handshake timed out")));
    socket.on("error", (err: NodeJS.ErrnoException) => resolve({ ok: false, code: err.code ?? err.message }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "auriko-tls-"));
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  const made = spawnSync(
    "openssl",
    // RSA: the suites a client may try to fall back to (RSA key exchange, CBC) need an RSA certificate.
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", keyFile, "-out", certFile],
    { encoding: "utf8" },
  );
  expect(made.status, made.stderr).toBe(0);
  cert = readFileSync(certFile, "utf8");
  agent = new Agent({ connect: { ca: cert } });

  port = await freePort();
  server = await startServerProcess(
    [process.execPath, "--import", "tsx", "server/start.ts"],
    cleanEnv({
      PORT: String(port),
      HOST: "127.0.0.1",
      AURIKO_DATA_DIR: DATA_DIR,
      AURIKO_EMBEDDED_PG_PORT: PG_PORT,
      AURIKO_SEED_DEMO: "false",
      AURIKO_STATUS_MONITOR: "off",
      AURIKO_TLS_CERT: certFile,
      AURIKO_TLS_KEY: keyFile,
    }),
    /Auriko is running at https:\/\//,
  );
}, 900_000);

afterAll(async () => {
  await server?.stop();
  await agent?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("built-in TLS", () => {
  it("prints an https URL", () => {
    expect(server!.output()).toContain(`Auriko is running at https://127.0.0.1:${port}`);
  });

  it("answers the gateway over HTTPS, trusting the certificate it was given", async () => {
    const res = await request(`https://127.0.0.1:${port}/api/v1/models`, { dispatcher: agent });
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const body = (await res.body.json()) as { error: { type: string } };
    expect(body.error.type).toBeTruthy();
  });

  it("refuses a client that does not trust the certificate", async () => {
    await expect(fetch(`https://127.0.0.1:${port}/api/v1/models`)).rejects.toThrow();
  });

  it("serves console pages over HTTPS with HSTS, a nonce-based CSP and the other security headers", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await request(`https://127.0.0.1:${port}/security`, { dispatcher: agent });
      expect(res.statusCode).toBe(200);
      const html = await res.body.text();
      const h = res.headers;
      expect(h["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["x-frame-options"]).toBe("DENY");
      expect(h["referrer-policy"]).toBe("same-origin");
      const csp = String(h["content-security-policy"]);
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, csp).toBeTruthy();
      expect(csp).toContain("upgrade-insecure-requests");
      expect(csp).toContain("frame-ancestors 'none'");
      // Next.js put this response's nonce on its own scripts.
      expect(html).toContain(`nonce="${nonce}"`);
      nonces.push(nonce!);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("sets session-related cookies with the Secure attribute and a __Host-/__Secure- prefix", async () => {
    const res = await request(`https://127.0.0.1:${port}/api/auth/csrf`, { dispatcher: agent });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    const cookies = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) {
      expect(c).toMatch(/^__(Host|Secure)-/);
      expect(c).toMatch(/;\s*Secure/i);
    }
  });

  it("refuses a plain-HTTP API call on the TLS port with 400 https_required, without processing it", async () => {
    // An invalid key over TLS is a 401 from the gateway; over plain HTTP it never gets that far.
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer ak_live_0000000000000000000000000000000", "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hello" }] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("location")).toBeNull();
    const body = (await res.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.code).toBe("https_required");
    expect(body.error.message).toMatch(/https/i);
  });

  it("answers a plain-HTTP browser request with a plain refusal, not a redirect", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/security`, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toContain(`https://127.0.0.1:${port}`);
  });

  it("answers only the first of pipelined plain-HTTP requests, then closes the connection", async () => {
    const received = await rawExchange(
      "GET /api/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + "GET /security HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    );
    expect(received.startsWith("HTTP/1.1 400 Bad Request\r\n")).toBe(true);
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(received).toMatch(/\r\nConnection: close\r\n/i);
    expect(received).toContain('"code":"https_required"');
  });

  it("still serves HTTPS after refusing plain HTTP", async () => {
    const res = await request(`https://127.0.0.1:${port}/.well-known/security.txt`, { dispatcher: agent });
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toContain(`Canonical: https://127.0.0.1:${port}/.well-known/security.txt`);
  });
});

describe("protocol versions and cipher suites", () => {
  it("negotiates TLS 1.3 with a client that offers it, with the server's preferred suite", async () => {
    expect(await handshake({})).toMatchObject({ ok: true, protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" });
    // A client preferring another TLS 1.3 suite still gets the server's order.
    const r = await handshake({ ciphers: "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384" });
    expect(r).toMatchObject({ ok: true, protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" });
  });

  it("accepts TLS 1.2 with ECDHE (X25519 first) and AES-GCM or ChaCha20-Poly1305", async () => {
    for (const cipher of ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"]) {
      const r = await handshake({ maxVersion: "TLSv1.2", ciphers: cipher });
      expect(r).toMatchObject({ ok: true, protocol: "TLSv1.2", cipher, key: { type: "ECDH", name: "X25519" } });
    }
  });

  it("refuses TLS 1.2 clients offering only RSA key exchange (no forward secrecy) or CBC", async () => {
    // Node's defaults accept all of these but DHE (which no DH parameters are configured for).
    for (const ciphers of ["AES128-SHA:AES256-SHA256", "AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA", "DHE-RSA-AES128-GCM-SHA256"]) {
      const r = await handshake({ maxVersion: "TLSv1.2", ciphers });
      // The alert's name differs between OpenSSL versions (SSLV3_ALERT_… or SSL/TLS_ALERT_…).
      expect(r, ciphers).toEqual({ ok: false, code: expect.stringMatching(/_ALERT_HANDSHAKE_FAILURE$/) });
    }
  });

  it("refuses TLS 1.1 and TLS 1.0 with a protocol-version alert", async () => {
    // SECLEVEL=0 lets this client offer the old versions at all; the refusal is the server's alert.
    for (const version of ["TLSv1.1", "TLSv1"] as const) {
      const r = await handshake({ minVersion: version, maxVersion: version, ciphers: "DEFAULT@SECLEVEL=0" });
      expect(r, version).toEqual({ ok: false, code: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION" });
    }
  });
});

describe("TLS configuration errors stop start-up with the variable's name", () => {
  it("a certificate without a key", () => {
    const r = startupFailure({ AURIKO_TLS_CERT: join(dir, "cert.pem") });
    expect(r.code).toBe(1);
    expect(r.output).toContain("AURIKO_TLS_KEY");
  });

  it("a key without a certificate", () => {
    const r = startupFailure({ AURIKO_TLS_KEY: join(dir, "key.pem") });
    expect(r.code).toBe(1);
    expect(r.output).toContain("AURIKO_TLS_CERT");
  });

  it("a certificate file that cannot be read", () => {
    const missing = join(dir, "missing.pem");
    const r = startupFailure({ AURIKO_TLS_CERT: missing, AURIKO_TLS_KEY: join(dir, "key.pem") });
    expect(r.code).toBe(1);
    expect(r.output).toContain(`AURIKO_TLS_CERT: cannot read ${missing}`);
  });

  it("a key that does not belong to the certificate", () => {
    const otherKey = join(dir, "other-key.pem");
    // Of the certificate's own type: OpenSSL files a key of another type under that type, unchecked.
    const made = spawnSync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", otherKey], {
      encoding: "utf8",
    });
    expect(made.status, made.stderr).toBe(0);
    const r = startupFailure({ AURIKO_TLS_CERT: join(dir, "cert.pem"), AURIKO_TLS_KEY: otherKey });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/AURIKO_TLS_CERT and AURIKO_TLS_KEY do not form a usable certificate and key/);
  });

  it("a file that is not PEM", () => {
    const notPem = join(dir, "not-pem.txt");
    writeFileSync(notPem, "hello\n");
    const r = startupFailure({ AURIKO_TLS_CERT: notPem, AURIKO_TLS_KEY: join(dir, "key.pem") });
    expect(r.code).toBe(1);
    expect(r.output).toContain(`AURIKO_TLS_CERT: ${notPem} is not a PEM file`);
  });
});
