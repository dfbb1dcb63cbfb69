import { describe, expect, it } from "vitest";
import { GET } from "../../app/.well-known/security.txt/route";
import { buildSecurityTxt, EXPIRES_AFTER_DAYS } from "../../app/.well-known/security.txt/security-txt";
import { publicOrigin } from "../../lib/http/public-origin";
import { env } from "../../lib/env";

/**
 * /.well-known/security.txt checked against RFC 9116: the route handler as Next.js calls
 * it, with this process's configuration, and the document it builds for an https origin.
 */

const KNOWN_FIELDS = new Set(["acknowledgments", "canonical", "contact", "encryption", "expires", "hiring", "policy", "preferred-languages", "csaf"]);
const SINGLE_FIELDS = new Set(["expires", "preferred-languages"]);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const YEAR_MS = 365 * 24 * 3600_000;

type Parsed = Map<string, string[]>;

/** Parses the way RFC 9116 §4 describes, failing on anything it does not allow. */
function parseSecurityTxt(text: string): Parsed {
  expect(text.endsWith("\n"), "every line, the last included, ends with LF or CRLF").toBe(true);
  const fields: Parsed = new Map();
  for (const raw of text.slice(0, -1).split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    expect(line.includes("\r"), `stray CR in ${JSON.stringify(raw)}`).toBe(false);
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z0-9-]+):[ \t]*(\S(?:.*\S)?)[ \t]*$/.exec(line);
    expect(m, `not a field: ${JSON.stringify(line)}`).not.toBeNull();
    const name = m![1]!.toLowerCase();
    expect(KNOWN_FIELDS.has(name), `unknown field ${m![1]}`).toBe(true);
    fields.set(name, [...(fields.get(name) ?? []), m![2]!]);
  }
  for (const name of SINGLE_FIELDS) expect(fields.get(name)?.length ?? 0, `${name} more than once`).toBeLessThanOrEqual(1);
  return fields;
}

function expectValid(text: string, now: Date, origin: string, contact: string): Parsed {
  const f = parseSecurityTxt(text);

  const contacts = f.get("contact") ?? [];
  expect(contacts.length, "at least one Contact").toBeGreaterThanOrEqual(1);
  expect(contacts).toContain(`mailto:${contact}`);
  for (const c of contacts) expect(c).toMatch(/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+|tel:\+?[0-9-]+)$/);

  const expires = f.get("expires") ?? [];
  expect(expires, "exactly one Expires").toHaveLength(1);
  expect(expires[0]).toMatch(RFC3339);
  const at = Date.parse(expires[0]!);
  expect(at).toBeGreaterThan(now.getTime());
  expect(at - now.getTime(), "Expires less than a year ahead").toBeLessThan(YEAR_MS);

  expect(f.get("canonical")).toEqual([`${origin}/.well-known/security.txt`]);
  expect(f.get("policy")).toEqual([`${origin}/security/disclosure`]);
  for (const name of ["canonical", "policy"]) {
    for (const v of f.get(name)!) {
      expect(() => new URL(v)).not.toThrow();
      // §2.5: web URIs must be https; the file itself says where it lives.
      if (origin.startsWith("https://")) expect(v.startsWith("https://")).toBe(true);
    }
  }
  expect(f.get("preferred-languages")).toEqual(["en"]);
  return f;
}

describe("security.txt (RFC 9116)", () => {
  it("the route serves a valid file as text/plain UTF-8, built from the configuration at request time", async () => {
    const before = new Date();
    const res = GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await res.text();
    expectValid(text, before, publicOrigin(), env().AURIKO_SECURITY_CONTACT);

    const expires = Date.parse(/^Expires: (.+)$/m.exec(text)![1]!);
    const days = (expires - before.getTime()) / (24 * 3600_000);
    expect(days).toBeGreaterThan(EXPIRES_AFTER_DAYS - 1);
    expect(days).toBeLessThanOrEqual(EXPIRES_AFTER_DAYS + 1);
  });

  it("an installation with an https origin publishes https Policy and Canonical URIs and its own contact", () => {
    const now = new Date("2026-12-31T23:59:59.999Z");
    const text = buildSecurityTxt({ contact: "psirt@gateway.example.test", origin: "https://gateway.example.test", now });
    const f = expectValid(text, now, "https://gateway.example.test", "psirt@gateway.example.test");
    // Whole seconds, in UTC.
    expect(f.get("expires")).toEqual(["2027-06-29T23:59:59Z"]);
  });

  it("Expires moves with the clock, so a served file is never stale", () => {
    const a = buildSecurityTxt({ contact: "s@example.test", origin: "https://x.example.test", now: new Date("2026-01-01T00:00:00Z") });
    const b = buildSecurityTxt({ contact: "s@example.test", origin: "https://x.example.test", now: new Date("2026-07-01T00:00:00Z") });
    expect(/^Expires: (.+)$/m.exec(a)![1]).toBe("2026-06-30T00:00:00Z");
    expect(/^Expires: (.+)$/m.exec(b)![1]).toBe("2026-12-28T00:00:00Z");
  });

  it("the validator refuses what RFC 9116 does not allow", () => {
    const now = new Date();
    const good = buildSecurityTxt({ contact: "s@example.test", origin: "https://x.example.test", now });
    const check = (text: string) => () => expectValid(text, now, "https://x.example.test", "s@example.test");
    expect(check(good)).not.toThrow();
    expect(check(good.replace(/^Contact: .*\n/m, ""))).toThrow();
    expect(check(good.replace(/^(Expires: .*\n)/m, "$1$1"))).toThrow();
    expect(check(good.replace(/^Expires: .*$/m, `Expires: ${new Date(now.getTime() - 1000).toISOString()}`))).toThrow();
    expect(check(good.replace(/^Expires: .*$/m, `Expires: ${new Date(now.getTime() + 400 * 24 * 3600_000).toISOString()}`))).toThrow();
    expect(check(good.replace(/^Expires: .*$/m, "Expires: Thu, 31 Dec 2026 00:00:00 GMT"))).toThrow();
    expect(check(good.replace(/\n$/, ""))).toThrow();
  });
});
