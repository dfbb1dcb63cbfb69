import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmEmail, EMAIL_VERIFICATION_EMAIL_KIND } from "../../lib/auth/email-verification";
import { clearGuard } from "../../lib/brute-force";
import { db } from "../../lib/db";
import { withAccountOutbox } from "../../lib/db/privileged";
import { SECURITY_NOTIFICATION_EMAIL_KIND } from "../../lib/security-events";
import { BrowserClient, type Answer } from "../support/browser-client";
import { uniqueEmail } from "../support/db";
import { makeUser } from "../support/fixtures";
import { startRunServer } from "../support/run-server";
import type { ServerProcess } from "../support/server-process";

/**
 * Sign-up must not tell anyone which addresses have accounts: against the production
 * server (`server/start.ts`) over HTTP, a new address, an address with a confirmed account
 * and one with an unconfirmed account get the same status, body (apart from the echoed
 * address), headers (apart from Date) and the same time to answer (medians within
 * max(10 ms, 5 %), every answer after the route's 200 ms floor). Each round of the three
 * cases comes from a loopback address of its own, so the per-IP sign-up guard counts the
 * same for every case and never trips.
 */
let server: ServerProcess;
let origin = "";
const SAMPLES = 100;
const PASSWORD = "a long enough sign-up passphrase";
const NOTICE_SUBJECT = "Someone tried to create an Auriko account with your address";

beforeAll(async () => {
  ({ server, origin } = await startRunServer(".data/signup-enum-test", "warn"));
}, 900_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

function signUpFrom(from: string, body: Record<string, string>): Promise<Answer> {
  return new BrowserClient(origin, from).request("/api/auth/sign-up", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function mailTo(email: string, kind: string) {
  return withAccountOutbox((tx) => tx.emailOutbox.findMany({ where: { toEmail: email, kind }, orderBy: { createdAt: "asc" } }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Every header but Date, as `name: value` lines in order. */
function headerLines(h: Headers): string[] {
  return [...h.entries()].filter(([k]) => k !== "date").map(([k, v]) => `${k}: ${v}`);
}

type Case = "new" | "verified" | "unverified";

describe("sign-up answers the same whether or not the address has an account", () => {
  it(`gives identical status, body, headers and timing over ${SAMPLES} interleaved samples per case`, async () => {
    const verified = await makeUser("enum-verified");
    const unverified = await makeUser("enum-unverified", "the first registrant passphrase", { verified: false });
    const verifiedBefore = await db().user.findUniqueOrThrow({ where: { id: verified.id } });
    // A session of the confirmed account, open through all of it.
    const owner = new BrowserClient(origin, "127.0.0.2");
    expect(await owner.signIn(verified.email, verified.password)).toBe(200);

    const ipOf = (round: number) => `127.42.${Math.floor(round / 250)}.${(round % 250) + 1}`;
    const rounds = SAMPLES + 5; // the first five warm the server up and are not counted
    await clearGuard(Array.from({ length: rounds }, (_, r) => ({ key: `signup:ip:${ipOf(r)}`, limit: { free: 0, baseSeconds: 0, capSeconds: 0, quietSeconds: 0 } })));

    const samples: Record<Case, { status: number; body: string; headers: string[]; ms: number }[]> = { new: [], verified: [], unverified: [] };
    for (let round = 0; round < rounds; round++) {
      const order: Case[] = (["new", "verified", "unverified"] as Case[]).sort(() => Math.random() - 0.5);
      for (const c of order) {
        const email = c === "new" ? uniqueEmail("enum-new") : c === "verified" ? verified.email : unverified.email;
        const t0 = performance.now();
        const res = await signUpFrom(ipOf(round), { email, password: PASSWORD, name: "Someone" });
        const ms = performance.now() - t0;
        if (round < 5) continue;
        samples[c].push({ status: res.status, body: res.text.split(email).join("<email>"), headers: headerLines(res.headers), ms });
      }
    }

    const reference = samples.new[0]!;
    expect(reference.status).toBe(202);
    expect(JSON.parse(reference.body)).toEqual({ status: "check_email", message: expect.stringContaining("Check your e-mail") });
    expect(reference.headers).toContain("cache-control: no-store");
    for (const c of ["new", "verified", "unverified"] as Case[]) {
      expect(samples[c]).toHaveLength(SAMPLES);
      expect(new Set(samples[c].map((s) => s.status))).toEqual(new Set([202]));
      expect(new Set(samples[c].map((s) => s.body))).toEqual(new Set([reference.body]));
      expect(new Set(samples[c].map((s) => s.headers.join("\n")))).toEqual(new Set([reference.headers.join("\n")]));
    }
    const medians = { new: median(samples.new.map((s) => s.ms)), verified: median(samples.verified.map((s) => s.ms)), unverified: median(samples.unverified.map((s) => s.ms)) };
    // Every answer waits for the route's 200 ms floor, which covers the work's differences: the
    // medians then differ by scheduling noise only.
    for (const c of ["new", "verified", "unverified"] as Case[]) expect(Math.min(...samples[c].map((s) => s.ms))).toBeGreaterThanOrEqual(199);
    const tolerance = Math.max(10, 0.05 * medians.new);
    expect(Math.abs(medians.verified - medians.new), JSON.stringify(medians)).toBeLessThan(tolerance);
    expect(Math.abs(medians.unverified - medians.new), JSON.stringify(medians)).toBeLessThan(tolerance);

    // The owner of the confirmed account heard of it once (the notice is rate-limited), and nothing else changed.
    const notices = (await mailTo(verified.email, SECURITY_NOTIFICATION_EMAIL_KIND)).filter((m) => m.subject === NOTICE_SUBJECT);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain("sign in, or reset your password");
    expect(await mailTo(verified.email, EMAIL_VERIFICATION_EMAIL_KIND)).toEqual([]);
    const verifiedAfter = await db().user.findUniqueOrThrow({ where: { id: verified.id } });
    expect(verifiedAfter).toEqual(verifiedBefore);
    expect(await db().emailVerificationToken.count({ where: { userId: verified.id } })).toBe(0);
    expect(await owner.page("/account")).toBe(200);
    expect(await new BrowserClient(origin, "127.0.0.3").signIn(verified.email, verified.password)).toBe(200);
    expect(await new BrowserClient(origin, "127.0.0.4").signIn(verified.email, PASSWORD)).toBe(401);

    // Each new address got an unconfirmed account and one link.
    const created = await db().user.findMany({ where: { email: { startsWith: "enum-new-" } }, select: { email: true, emailVerifiedAt: true } });
    expect(created).toHaveLength(rounds);
    expect(created.every((u) => u.emailVerifiedAt === null)).toBe(true);
    expect(await mailTo(created[0]!.email, EMAIL_VERIFICATION_EMAIL_KIND)).toHaveLength(1);
  }, 600_000);

  it("lets a newer sign-up take over an unconfirmed address: old password, sessions and link stop working", async () => {
    const email = uniqueEmail("enum-squat");
    const squatterPassword = "the squatter's own passphrase";
    expect((await signUpFrom("127.43.0.1", { email, password: squatterPassword, name: "Squatter" })).status).toBe(202);
    const squatterLink = /\/verify-email\/([A-Za-z0-9_-]{43})/.exec((await mailTo(email, EMAIL_VERIFICATION_EMAIL_KIND)).at(-1)!.body)![1]!;
    const squatter = new BrowserClient(origin, "127.43.0.2");
    // An unconfirmed account may sign in.
    expect(await squatter.signIn(email, squatterPassword)).toBe(200);
    expect(await squatter.page("/account")).toBe(200);
    const before = await db().user.findUniqueOrThrow({ where: { email } });

    expect((await signUpFrom("127.43.0.3", { email, password: PASSWORD, name: "Owner" })).status).toBe(202);
    const after = await db().user.findUniqueOrThrow({ where: { email } });
    expect(after.id).toBe(before.id);
    expect(after.name).toBe("Owner");
    expect(after.emailVerifiedAt).toBeNull();
    // The session cookie opens nothing any more (the JWT alone names the user; the server-side session is what counts).
    expect(await squatter.page("/account")).toBe("login");
    expect(await db().userSession.count({ where: { userId: after.id, revokedAt: null } })).toBe(0);
    expect(await new BrowserClient(origin, "127.43.0.4").signIn(email, squatterPassword)).toBe(401);
    await expect(confirmEmail({ token: squatterLink, ip: "127.43.0.5" })).rejects.toMatchObject({ code: "VERIFY_TOKEN_SUPERSEDED" });

    const ownerLink = /\/verify-email\/([A-Za-z0-9_-]{43})/.exec((await mailTo(email, EMAIL_VERIFICATION_EMAIL_KIND)).at(-1)!.body)![1]!;
    expect(ownerLink).not.toBe(squatterLink);
    // The page shows the link without using it; the button (a POST) uses it.
    const page = await new BrowserClient(origin, "127.43.0.6").request(`/verify-email/${ownerLink}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Confirm your e-mail address");
    expect((await db().user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeNull();
    await confirmEmail({ token: ownerLink, ip: "127.43.0.6" });
    expect(await new BrowserClient(origin, "127.43.0.7").signIn(email, PASSWORD)).toBe(200);
  }, 120_000);

  it("still names the field for input errors that do not depend on the address, and refuses anything but JSON", async () => {
    const c = (body: Record<string, string>) => signUpFrom("127.44.0.1", body);
    const bad = await c({ email: "not an address", password: PASSWORD });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: "VALIDATION", field: "email" } });
    const weak = await c({ email: uniqueEmail("enum-weak"), password: "short" });
    expect(weak.status).toBe(400);
    expect(weak.json()).toMatchObject({ error: { code: "WEAK_PASSWORD", field: "password" } });
    const long = await c({ email: uniqueEmail("enum-long"), password: PASSWORD, name: "x".repeat(81) });
    expect(long.json()).toMatchObject({ error: { code: "VALIDATION", field: "name" } });
    const form = await new BrowserClient(origin, "127.44.0.1").request("/api/auth/sign-up", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.test&password=x",
    });
    expect(form.status).toBe(415);
    expect(form.headers.get("cache-control")).toBe("no-store");
  });
});
