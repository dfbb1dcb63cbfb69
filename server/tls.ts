import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { createSecureContext } from "node:tls";
import { ConfigError, type Env } from "../lib/env";

/**
 * Built-in HTTPS for single-machine installs (AURIKO_TLS_CERT + AURIKO_TLS_KEY).
 *
 * With TLS on, the port speaks nothing else. A plain-HTTP request arriving on it is answered
 * with 400 and closed, never redirected and never handed to the console or the gateway:
 * a redirect would teach clients to keep sending API keys in clear, and a POST body would
 * already have crossed the network unencrypted by then.
 */

export type TlsFiles = { cert: Buffer; key: Buffer };

/**
 * What the built-in HTTPS negotiates: TLS 1.3 (every suite of it is AEAD with an ephemeral
 * key exchange), else TLS 1.2 with ECDHE and AES-GCM or ChaCha20-Poly1305 only. Node's
 * defaults would also take TLS 1.2 with RSA key exchange (no forward secrecy: a recorded
 * session opens with the private key, later), CBC suites and finite-field DHE. The order
 * is the server's: a client offering both gets TLS 1.3's AES-256-GCM first.
 */
export const TLS_CIPHERS = [
  "TLS_AES_256_GCM_SHA384",
  "TLS_CHACHA20_POLY1305_SHA256",
  "TLS_AES_128_GCM_SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
].join(":");

/**
 * Key exchange groups, best first: the post-quantum hybrid X25519MLKEM768 where this Node's
 * OpenSSL has it (3.5 and newer: what current browsers and Node clients offer first), then
 * X25519, then the NIST curves for clients without it.
 */
function keyExchangeGroups(): string {
  const classic = "X25519:P-256:P-384";
  const hybrid = `X25519MLKEM768:${classic}`;
  try {
    createSecureContext({ ecdhCurve: hybrid });
    return hybrid;
  } catch {
    return classic;
  }
}

export const TLS_SERVER_OPTIONS = {
  minVersion: "TLSv1.2",
  ciphers: TLS_CIPHERS,
  honorCipherOrder: true,
  ecdhCurve: keyExchangeGroups(),
} as const;

/** The certificate and key named by the configuration, or undefined when TLS is off. */
export function readTlsFiles(e: Pick<Env, "AURIKO_TLS_CERT" | "AURIKO_TLS_KEY" | "AURIKO_PUBLIC_URL" | "NEXTAUTH_URL">): TlsFiles | undefined {
  const certPath = e.AURIKO_TLS_CERT;
  const keyPath = e.AURIKO_TLS_KEY;
  if (!certPath && !keyPath) return undefined;
  if (!certPath) throw new ConfigError("AURIKO_TLS_KEY is set but AURIKO_TLS_CERT is not: set both (PEM file paths) to serve HTTPS, or neither");
  if (!keyPath) throw new ConfigError("AURIKO_TLS_CERT is set but AURIKO_TLS_KEY is not: set both (PEM file paths) to serve HTTPS, or neither");
  for (const name of ["AURIKO_PUBLIC_URL", "NEXTAUTH_URL"] as const) {
    const url = e[name];
    if (url && !url.startsWith("https://")) throw new ConfigError(`${name} must start with https:// when AURIKO_TLS_CERT and AURIKO_TLS_KEY are set`);
  }
  const cert = readPem("AURIKO_TLS_CERT", certPath);
  const key = readPem("AURIKO_TLS_KEY", keyPath);
  try {
    createSecureContext({ ...TLS_SERVER_OPTIONS, cert, key });
  } catch (err) {
    // OpenSSL's reason ("key values mismatch", "no start line") names the problem; nothing secret is in it.
    throw new ConfigError(`AURIKO_TLS_CERT and AURIKO_TLS_KEY do not form a usable certificate and key: ${(err as Error).message}`);
  }
  return { cert, key };
}

function readPem(name: string, path: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    throw new ConfigError(`${name}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!data.includes("-----BEGIN ")) throw new ConfigError(`${name}: ${path} is not a PEM file`);
  return data;
}

/**
 * The production server's listener: plain HTTP, or HTTPS that refuses plain HTTP on the
 * same port. The returned server is used like any node:http server (timeouts, listen, close).
 */
export function createListener(handler: RequestListener, tls: TlsFiles | undefined, publicOrigin: string): Server {
  if (!tls) return createHttpServer(handler);
  const server = createHttpsServer({ ...TLS_SERVER_OPTIONS, cert: tls.cert, key: tls.key }, handler);
  // tls.Server starts its handshake from its own "connection" listener. Look at the first byte
  // before it does: a TLS record starts with 0x16 (handshake); anything else is not TLS.
  const handshake = server.listeners("connection");
  if (handshake.length !== 1) throw new Error("unexpected https.Server: expected one connection listener");
  const startTls = handshake[0] as (socket: Socket) => void;
  server.removeAllListeners("connection");
  server.on("connection", (socket: Socket) => sniff(socket, (first) => {
    if (first[0] === TLS_HANDSHAKE) {
      // Put the bytes back: the TLS layer reads them as if nothing had happened.
      socket.unshift(first);
      startTls.call(server, socket);
    } else {
      refusePlainHttp(socket, first, publicOrigin);
    }
  }));
  return server;
}

const TLS_HANDSHAKE = 0x16;
/** A client that connects and says nothing for this long is dropped. */
const FIRST_BYTE_TIMEOUT_MS = 30_000;
const MAX_REQUEST_LINE = 8192;

function sniff(socket: Socket, then: (first: Buffer) => void): void {
  const drop = () => socket.destroy();
  socket.on("error", drop);
  socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, drop);
  socket.once("data", (first: Buffer) => {
    socket.pause();
    socket.setTimeout(0);
    socket.removeListener("timeout", drop);
    then(first);
  });
}

/** What a plain-HTTP client gets: an error it can show, on a connection that is then closed. */
export function plainHttpRefusal(path: string | undefined, publicOrigin: string): { contentType: string; body: string } {
  const message = `This server accepts HTTPS only. The request was not processed; send it to ${publicOrigin} instead.`;
  if (path === undefined || path.startsWith("/api/")) {
    return {
      contentType: "application/json",
      body: JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code: "https_required" } }),
    };
  }
  return { contentType: "text/plain; charset=utf-8", body: `${message}\n` };
}

/** The request target of an HTTP/1.x request line, as a path ("/api/v1/models"). */
export function requestPath(head: Buffer): string | undefined {
  const end = head.indexOf("\r\n");
  const line = head.toString("latin1", 0, end === -1 ? head.length : end);
  const target = /^[A-Z]{3,12} (\S+) HTTP\/1\.[01]$/.exec(line)?.[1];
  if (!target) return undefined;
  if (target.startsWith("/")) return target;
  try {
    return new URL(target).pathname; // absolute-form, as sent to a proxy
  } catch {
    return undefined;
  }
}

function refusePlainHttp(socket: Socket, first: Buffer, publicOrigin: string): void {
  let head = first;
  const respond = () => {
    socket.removeListener("data", collect);
    const { contentType, body } = plainHttpRefusal(requestPath(head), publicOrigin);
    socket.end(
      "HTTP/1.1 400 Bad Request\r\n" +
        `Content-Type: ${contentType}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        "X-Content-Type-Options: nosniff\r\n" +
        "Cache-Control: no-store\r\n" +
        "Connection: close\r\n\r\n" +
        body,
    );
    // Read and discard whatever else the client sends (a body, pipelined requests) until it
    // hangs up, so the kernel does not reset the connection before the answer is read.
    socket.on("data", () => {});
    socket.on("end", () => socket.destroy());
    socket.setTimeout(5_000, () => socket.destroy());
    socket.resume();
  };
  const collect = (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    if (head.includes("\r\n") || head.length >= MAX_REQUEST_LINE) respond();
  };
  if (head.includes("\r\n") || head.length >= MAX_REQUEST_LINE) {
    respond();
    return;
  }
  socket.on("data", collect);
  socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
  socket.resume();
}
