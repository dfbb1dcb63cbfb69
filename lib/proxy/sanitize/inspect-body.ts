import "server-only";
import type { z } from "zod";
import { errors, type ProxyError } from "../errors";
import type { Protocol } from "../types";
import { isCredentialName, looksRandom, secretRule } from "./secret-patterns";

/**
 * Request bodies, for every protocol: known parameters are validated by the protocol's
 * schema; unknown top-level parameters pass only if they are known extras of the
 * provider's protocol; and every structured value is inspected recursively, including
 * JSON strings inside it, for credential-bearing field names and secret-looking values.
 * A finding is a 400 that names the field and the rule, never the value.
 *
 * Conversation fields (messages, system, tools, input) are walked too: the field names
 * of every message, content part, tool definition and block are checked, and their
 * values are scanned, except the text a person or a model wrote (PROSE), media (OPAQUE),
 * and the arguments of a tool call the model made. A prompt may discuss keys; a tool
 * definition, a content part's options or a system block's settings may not carry one.
 */
const MAX_DEPTH = 64;

/** Keys whose string values are conversation text: never scanned. */
const PROSE = new Set([
  "content", "text", "description", "instructions", "system", "input", "thinking", "refusal",
  "arguments", "output", "summary", "transcript", "title", "context", "cited_text",
]);
/** Media and opaque blobs: references to the conversation's own files and images, or provider-sealed data. */
const OPAQUE = new Set(["data", "url", "image_url", "file_data", "file_url", "signature", "encrypted_content", "redacted_thinking"]);
/** JSON Schema maps whose keys are names the schema defines (argument names), not fields carrying values. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** JSON Schema keywords whose values are sample or fixed values of the property they describe. */
const SCHEMA_VALUES = ["default", "const", "enum", "examples"] as const;

type Walk = { content: boolean };
const PASSTHROUGH: Walk = { content: false };
const CONVERSATION: Walk = { content: true };

const refuseName = (p: string) => errors.badRequest(`Field '${p}' is not accepted (rule: credential_field).`, p, "credential_field");
const tooDeep = (p: string) => errors.badRequest(`Field '${p}' is nested deeper than ${MAX_DEPTH} levels.`, p, "too_deep");

function inspectString(value: string, path: string, depth: number, w: Walk): ProxyError | null {
  const rule = secretRule(value);
  if (rule) return errors.badRequest(`Field '${path}' looks like a credential (rule: ${rule}).`, path, "credential_in_body");
  const t = value.trim();
  if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      return null;
    }
    return inspect(parsed, `${path}<json>`, depth + 1, false, w);
  }
  return null;
}

/** `prose`: the value sits under a text key, so its strings (directly or in arrays) are not scanned. */
function inspect(value: unknown, path: string, depth: number, prose: boolean, w: Walk): ProxyError | null {
  if (depth > MAX_DEPTH) return tooDeep(path);
  if (typeof value === "string") return prose ? null : inspectString(value, path, depth, w);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== "object" && (prose || typeof v !== "string")) continue;
      const found = inspect(v, `${path}[${i}]`, depth + 1, prose, w);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      const p = path ? `${path}.${k}` : k;
      if (SCHEMA_MAPS.has(k) && v && typeof v === "object" && !Array.isArray(v)) {
        const found = inspectSchemaMap(v as Record<string, unknown>, p, depth + 1, w);
        if (found) return found;
        continue;
      }
      if (isCredentialName(k)) return refuseName(p);
      if (w.content) {
        if (OPAQUE.has(k) && typeof v === "string") continue;
        // A tool call's arguments (Anthropic's `input` object) are what the model wrote: depth only.
        if (k === "input" && v && typeof v === "object" && !Array.isArray(v)) {
          if (deeperThan(v, MAX_DEPTH - depth - 1)) return tooDeep(p);
          continue;
        }
      }
      const found = inspect(v, p, depth + 1, w.content && PROSE.has(k), w);
      if (found) return found;
    }
  }
  return null;
}

/**
 * `properties: { api_key: { type, default } }`: the name is an argument the tool takes,
 * so it is allowed, but a credential-named argument may not come with a value that
 * looks generated (a default, const, enum or example planted in the definition).
 */
function inspectSchemaMap(map: Record<string, unknown>, path: string, depth: number, w: Walk): ProxyError | null {
  for (const name in map) {
    const schema = map[name];
    const p = `${path}.${name}`;
    if (!schema || typeof schema !== "object" || Array.isArray(schema)) {
      if (isCredentialName(name)) return refuseName(p);
      const found = inspect(schema, p, depth + 1, false, w);
      if (found) return found;
      continue;
    }
    if (isCredentialName(name)) {
      for (const kw of SCHEMA_VALUES) {
        const v = (schema as Record<string, unknown>)[kw];
        const values = Array.isArray(v) ? v : [v];
        if (values.some((x) => typeof x === "string" && looksRandom(x))) {
          const at = `${p}.${kw}`;
          return errors.badRequest(`Field '${at}' looks like a credential (rule: credential_default).`, at, "credential_in_body");
        }
      }
    }
    const found = inspect(schema, p, depth + 1, false, w);
    if (found) return found;
  }
  return null;
}

/** Whether `value` nests more than `budget` further levels of arrays and objects (iterative). */
function deeperThan(value: unknown, budget: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > budget) return true;
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === "object") stack.push([x, d + 1]);
    } else if (v && typeof v === "object") {
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x && typeof x === "object") stack.push([x, d + 1]);
      }
    }
  }
  return false;
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
  /**
   * Conversation fields: walked for credential names and secret values in their
   * structure, while their text (and media) is not scanned.
   */
  content: ReadonlySet<string>;
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
  for (const key in body) {
    if (spec.known.has(key)) continue;
    if (isCredentialName(key)) return refuseName(key);
    if (spec.extras && spec.extras.protocol === protocol && spec.extras.names.has(key)) continue;
    return errors.badRequest(`Unknown parameter '${key}'.`, key, "unknown_parameter");
  }
  for (const key in body) {
    if (key === "model") continue;
    const content = spec.content.has(key);
    const found = inspect(body[key], key, 0, content, content ? CONVERSATION : PASSTHROUGH);
    if (found) return found;
  }
  return null;
}
