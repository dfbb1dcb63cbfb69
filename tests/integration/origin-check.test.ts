import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../lib/db";
import { BrowserClient } from "../support/browser-client";
import { makeWorkspace } from "../support/fixtures";
import { startRunServer } from "../support/run-server";
import type { ServerProcess } from "../support/server-process";

/**
 * Cross-site requests against the production server (`server/start.ts`, the console in its
 * worker). The attack is the one a hostile page makes: the console's own form, posted
 * from another origin with the victim's cookies. The request here is that form exactly as
 * the server rendered it for progressive enhancement (its hidden action fields), so the
 * same bytes from the console's own origin do rename the workspace: only the origin
 * decides. Next.js by itself compares Origin with X-Forwarded-Host, which the attacker
 * sets to match; the console compares it with its configured public URL.
 */
let server: ServerProcess;
let origin = "";

beforeAll(async () => {
  ({ server, origin } = await startRunServer(".data/origin-test"));
}, 900_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

/** The rename form of the settings page as rendered: its hidden fields (the action's id and bound arguments). */
function renameForm(html: string): [string, string][] {
  const forms = html.match(/<form\b[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) => /name="name"/.test(f) && /\$ACTION/.test(f));
  if (!form) throw new Error("the settings page has no server-rendered rename form");
  const fields: [string, string][] = [];
  for (const input of form.match(/<input\b[^>]*>/g) ?? []) {
    const name = input.match(/\bname="([^"]*)"/)?.[1];
    if (!name?.startsWith("$ACTION")) continue;
    const value = input.match(/\bvalue="([^"]*)"/)?.[1] ?? "";
    fields.push([decodeEntities(name), decodeEntities(value)]);
  }
  return fields;
}

function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function multipart(fields: [string, string][]): { body: string; contentType: string } {
  const boundary = `----auriko${Math.random().toString(16).slice(2)}`;
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { body: `${parts.join("")}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function signedInOwner() {
  const { workspace, owner } = await makeWorkspace("origin");
  const browser = new BrowserClient(origin);
  expect(await browser.signIn(owner.email, owner.password)).toBe(200);
  const page = await browser.request(`/w/${workspace.slug}/settings`);
  expect(page.status).toBe(200);
  return { workspace, browser, fields: renameForm(page.text) };
}

async function workspaceName(id: string) {
  return withWorkspace(id, async (tx) => (await tx.workspace.findUniqueOrThrow({ where: { id }, select: { name: true } })).name);
}

const EVIL = "https://evil.example";

describe("cross-site requests to the console", () => {
  it("refuses the settings form posted from another origin with a forged X-Forwarded-Host: 403, typed error, nothing renamed", async () => {
    const { workspace, browser, fields } = await signedInOwner();
    const form = multipart([...fields, ["name", "Renamed by evil.example"]]);
    const res = await browser.request(`/w/${workspace.slug}/settings`, {
      method: "POST",
      headers: { "content-type": form.contentType, origin: EVIL, "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
      body: form.body,
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ error: { code: "ORIGIN_NOT_ALLOWED", message: expect.any(String) } });
    expect(await workspaceName(workspace.id)).toBe("origin");
    expect(server.output()).toContain('"event":"http.origin_refused"');
  });

  it("refuses it from another origin without any forwarding header, and from an opaque (null) origin", async () => {
    const { workspace, browser, fields } = await signedInOwner();
    for (const from of [EVIL, "null", `http://127.0.0.1:1`, origin.replace("127.0.0.1", "localhost")]) {
      const form = multipart([...fields, ["name", `Renamed from ${from}`]]);
      const res = await browser.request(`/w/${workspace.slug}/settings`, {
        method: "POST",
        headers: { "content-type": form.contentType, origin: from },
        body: form.body,
      });
      expect(res.status, from).toBe(403);
    }
    expect(await workspaceName(workspace.id)).toBe("origin");
  });

  it("refuses a browser request that withholds Origin but says it is cross-site", async () => {
    const { workspace, browser, fields } = await signedInOwner();
    const form = multipart([...fields, ["name", "Renamed cross-site"]]);
    const res = await browser.request(`/w/${workspace.slug}/settings`, {
      method: "POST",
      headers: { "content-type": form.contentType, "sec-fetch-site": "cross-site" },
      body: form.body,
    });
    expect(res.status).toBe(403);
    expect(await workspaceName(workspace.id)).toBe("origin");
  });

  it("refuses cross-site POSTs to route handlers too (sign-in, next-auth)", async () => {
    const browser = new BrowserClient(origin);
    const signIn = await browser.request("/api/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json", origin: EVIL, "x-forwarded-host": "evil.example" },
      body: JSON.stringify({ email: "nobody@example.test", password: "whatever it is" }),
    });
    expect(signIn.status).toBe(403);
    const signOut = await browser.request("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: EVIL },
      body: "csrfToken=x",
    });
    expect(signOut.status).toBe(403);
  });

  it("the same form from the console's own origin renames the workspace, whatever X-Forwarded-Host says", async () => {
    const { workspace, browser, fields } = await signedInOwner();
    const form = multipart([...fields, ["name", "Renamed at home"]]);
    const res = await browser.request(`/w/${workspace.slug}/settings`, {
      method: "POST",
      headers: { "content-type": form.contentType, origin, "x-forwarded-host": "evil.example" },
      body: form.body,
    });
    expect(res.status).toBeLessThan(400);
    expect(await workspaceName(workspace.id)).toBe("Renamed at home");
  });

  it("pages and other safe requests from anywhere are served as before", async () => {
    const browser = new BrowserClient(origin);
    const res = await browser.request("/login", { headers: { origin: EVIL, "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
  });
});
