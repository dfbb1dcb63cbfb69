import "server-only";
import type { z } from "zod";
import { errors, type ProxyError } from "../errors";
import type { Protocol } from "../types";
import { isCredentialName, secretRule } from "./secret-patterns";

/**
 * Request bodies, for every protocol: known parameters are validated by the protocol's
 * schema; unknown top-level parameters pass only if they are known extras of the
 * provider's protocol; and every passthrough value (everything except the protocol's
 * content fields) is inspected recursively, including JSON strings inside it, for
 * credential-bearing field names and secret-looking values. A finding is a 400 that
 * names the field and the rule, never the value.
 */
const MAX_DEPTH = 24;

function inspect(value: unknown, path: string, depth: number): ProxyError | null {
  if (depth > MAX_DEPTH) return errors.badRequest(`Field '${path}' is nested too deeply.`, path, "too_deep");
  if (typeof value === "string") {
    const rule = secretRule(value);
    if (rule) return errors.badRequest(`Field '${path}' looks like a credential (rule: ${rule}).`, path, "credential_in_body");
    const t = value.trim();
    if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
      try {
        return inspect(JSON.parse(t), `${path}<json>`, depth + 1);
      } catch {
        return null;
      }
    }
    return null;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = inspect(v, `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (isCredentialName(k)) return errors.badRequest(`Field '${p}' is not accepted (rule: credential_field).`, p, "credential_field");
      const found = inspect(v, p, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** Message objects: their field names are checked, their text is not. */
function inspectMessageKeys(messages: unknown[], path: string): ProxyError | null {
  for (const [i, m] of messages.entries()) {
    if (!m || typeof m !== "object") continue;
    for (const k of Object.keys(m)) {
      if (isCredentialName(k)) {
        const p = `${path}[${i}].${k}`;
        return errors.badRequest(`Field '${p}' is not accepted (rule: credential_field).`, p, "credential_field");
      }
    }
  }
  return null;
}

/**
 * One protocol's body rules (its folder's schema.ts): the schema of its known
 * parameters, and its credential-inspection map.
 */
export type BodySpec = {
  schema: z.ZodType;
  /** Every parameter the schema knows; anything else is refused unless an extra. */
  known: ReadonlySet<string>;
  /** Provider-specific parameters accepted when the provider speaks `protocol`. */
  extras?: { protocol: Protocol; names: ReadonlySet<string> };
  /** Fields holding conversation content: their values are not scanned (a prompt may discuss keys). */
  content: ReadonlySet<string>;
  /** A content array of objects whose field names are still checked (the messages). */
  namedContent?: string;
};

/** The body if it passes `spec`; otherwise the 400 that names the field and the rule (never the value). */
export function checkBody(spec: BodySpec, protocol: Protocol, raw: unknown): ProxyError | null {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return errors.badRequest("The body must be a JSON object.");
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const param = issue.path.join(".") || null;
    return errors.badRequest(`Invalid parameter${param ? ` '${param}'` : ""}: ${issue.message}`, param, "invalid_parameter");
  }
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (spec.known.has(key)) continue;
    if (isCredentialName(key)) return errors.badRequest(`Field '${key}' is not accepted (rule: credential_field).`, key, "credential_field");
    if (spec.extras && spec.extras.protocol === protocol && spec.extras.names.has(key)) continue;
    return errors.badRequest(`Unknown parameter '${key}'.`, key, "unknown_parameter");
  }
  for (const [key, value] of Object.entries(body)) {
    if (spec.content.has(key) || key === "model") continue;
    const found = inspect(value, key, 0);
    if (found) return found;
  }
  if (spec.namedContent && Array.isArray(body[spec.namedContent])) return inspectMessageKeys(body[spec.namedContent] as unknown[], spec.namedContent);
  return null;
}
