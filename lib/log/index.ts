import "server-only";
import pino from "pino";
import { env } from "../env";

/**
 * The one structured logger. Redaction is a second wall: callers never pass request
 * or response content, keys, tokens, passwords or TOTP codes in the first place.
 * Logs go to stderr so that command output (a slug, a key, a URL) stays clean on stdout.
 */
const REDACT = [
  "password", "*.password", "token", "*.token", "secret", "*.secret", "authorization", "*.authorization",
  "apiKey", "*.apiKey", "code", "*.code", "body", "*.body", "messages", "*.messages", "prompt", "*.prompt",
  "headers.cookie", "headers.authorization", "headers['x-api-key']",
];

let root: pino.Logger | undefined;

export function logger(): pino.Logger {
  if (!root) {
    root = pino({
      level: env().LOG_LEVEL,
      base: { service: "auriko" },
      redact: { paths: REDACT, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    }, pino.destination({ fd: 2, sync: false }));
  }
  return root;
}

const children = new Map<string, pino.Logger>();

/**
 * A logger for one component. Created lazily on first use, so modules can take one
 * at import time while configuration is still being resolved.
 */
export function childLogger(component: string): pino.Logger {
  return new Proxy({} as pino.Logger, {
    get(_target, prop) {
      let child = children.get(component);
      if (!child) {
        child = logger().child({ component });
        children.set(component, child);
      }
      const value = Reflect.get(child, prop, child);
      return typeof value === "function" ? value.bind(child) : value;
    },
  });
}
