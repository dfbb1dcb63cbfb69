import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// What the code under test in this process hands to the logger (the account actions run
// here: they are server actions, with no HTTP endpoint of their own to drive). The sign-in
// steps run in the real server, whose log lines are read from its output.
const logged = vi.hoisted(() => [] as { component: string; level: string | symbol; args: unknown[] }[]);
vi.mock("../../lib/log", () => {
  const recorder = (component: string): unknown =>
    new Proxy({}, {
      get: (_t, prop) => (prop === "child" ? () => recorder(component) : (...args: unknown[]) => void logged.push({ component, level: prop, args })),
    });
  return { logger: () => recorder("root"), childLogger: (c: string) => recorder(c) };
});

import { runAccountAction } from "../../lib/actions/registry";
import { completePasswordReset, PASSWORD_RESET_EMAIL_KIND, requestPasswordReset } from "../../lib/auth/password-reset";
import { listSessions } from "../../lib/auth/sessions";
import { withAccountOutbox } from "../../lib/db/privileged";
import { recordFailedPassword } from "../../lib/auth/trail";
import { FAILED_SIGN_IN_WINDOW_SECONDS, recordSecurityEvent } from "../../lib/security-events";
import { BrowserClient } from "../support/browser-client";
import { appUrl, connect, superDbUrl, uniqueEmail } from "../support/db";
import { makeUser } from "../support/fixtures";
import { enableMfa, totpAt } from "../support/mfa";
import { principalOf } from "../support/workspace-fixture";
import { startRunServer } from "../support/run-server";
import type { ServerProcess } from "../support/server-process";

/**
 * The account's authentication trail, end to end, for users who belong to no workspace
 * (so no workspace audit log could hold any of it): every sign-in outcome through the real
 * production server's sign-in endpoint and next-auth's ticket provider, and the account
 * actions through the action registry. Each must be one account_security_events row of the
 * right kind and method and one structured log line with a stable `event`, and none of
 * them may hold a password, a TOTP or recovery code, or a session token.
 */
let server: ServerProcess;
let origin = "";
let serverOutput = "";
let su: pg.Client;
const SESSION = "next-auth.session-token";
const TICKET = "auriko.sign-in";

type Row = { id: string; kind: string; ip: string | null; device_label: string | null; user_agent: string | null; details: Record<string, unknown>; emailed_at: Date | null };
type Line = Record<string, unknown>;

async function eventsOf(userId: string): Promise<Row[]> {
  return (
    await su.query<Row>(
      "SELECT id, kind, ip, device_label, user_agent, details, emailed_at FROM account_security_events WHERE user_id = $1 ORDER BY created_at, id",
      [userId],
    )
  ).rows;
}

async function eventually<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The server's JSON log lines of the auth trail. */
function serverLines(): Line[] {
  return serverOutput
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => {
      try {
        return JSON.parse(l) as Line;
      } catch {
        return {};
      }
    })
    .filter((l) => l.component === "auth-trail");
}

/** This process's auth-trail log lines (the account actions). */
function localLines(): Line[] {
  return logged.filter((l) => l.component === "auth-trail").map((l) => l.args[0] as Line);
}

const linesOf = (lines: Line[], event: string, userId?: string | null) =>
  lines.filter((l) => l.event === event && (userId === undefined || (l.userId ?? null) === userId));

/** A six-digit code that is none of the codes the secret shows now or one step ago. */
async function wrongCode(secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const taken = new Set([await totpAt(secret, now), await totpAt(secret, now - 30), await totpAt(secret, now + 30)]);
  for (let n = 123456; ; n = (n + 7919) % 1_000_000) {
    const c = String(n).padStart(6, "0");
    if (!taken.has(c)) return c;
  }
}

/** Nothing in the events table, the server's output or this process's log lines holds any of `secrets`. */
async function expectNoSecrets(userId: string, secrets: string[]) {
  const rows = JSON.stringify(await eventsOf(userId));
  const local = JSON.stringify(logged);
  for (const s of secrets.filter(Boolean)) {
    expect(rows, "events table").not.toContain(s);
    expect(serverOutput, "server log").not.toContain(s);
    expect(local, "log lines").not.toContain(s);
  }
}

async function signOut(c: BrowserClient) {
  const csrf = (await c.request("/api/auth/csrf")).json() as { csrfToken: string };
  const res = await c.request("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: "true" }).toString(),
  });
  expect(res.status).toBeLessThan(400);
}

beforeAll(async () => {
  su = await connect(superDbUrl());
  ({ server, origin } = await startRunServer(".data/auth-trail-test"));
  // The whole output (startServerProcess keeps only its tail).
  const collect = (b: Buffer) => (serverOutput += b.toString());
  server.child.stdout!.on("data", collect);
  server.child.stderr!.on("data", collect);
}, 900_000);

afterAll(async () => {
  await server?.stop();
  await su?.end();
}, 60_000);

describe("the account's authentication trail", () => {
  it("a password sign-in and a wrong password are on the account; an unknown address is logged without one and creates no account", async () => {
    const user = await makeUser("trail-password");
    expect((await su.query("SELECT count(*)::int AS n FROM memberships WHERE user_id = $1", [user.id])).rows[0].n).toBe(0);
    const c = new BrowserClient(origin, "127.0.0.31");
    const wrong = `wrong-${randomUUID()}`;
    const unknown = uniqueEmail("trail-nobody");

    expect(await c.password(user.email, wrong)).toBe(401);
    expect(await c.password(unknown, wrong)).toBe(401);
    expect(await c.signIn(user.email, user.password)).toBe(200);

    const events = await eventually(() => eventsOf(user.id), (r) => r.length >= 2);
    expect(events.map((e) => e.kind)).toEqual(["sign_in_failed", "sign_in_new_device"]);
    const [failed, signedIn] = events;
    expect(failed).toMatchObject({ ip: "127.0.0.31", device_label: "Chrome on Linux", emailed_at: null });
    expect(failed!.details).toMatchObject({ method: "password", reason: "wrong_password", count: 1 });
    // A new device still e-mails, as before; its event names the method.
    expect(signedIn).toMatchObject({ ip: "127.0.0.31", device_label: "Chrome on Linux" });
    expect(signedIn!.emailed_at).not.toBeNull();
    expect(signedIn!.details).toMatchObject({ method: "password" });

    // The unknown address: no account was made, and no event of anyone's names it.
    expect((await su.query("SELECT count(*)::int AS n FROM users WHERE email = $1", [unknown])).rows[0].n).toBe(0);
    const mention = await su.query("SELECT count(*)::int AS n FROM account_security_events WHERE details::text ILIKE $1 OR coalesce(user_agent, '') ILIKE $1", [`%${unknown}%`]);
    expect(mention.rows[0].n).toBe(0);

    // A known browser's next sign-in is an ordinary one: listed, never e-mailed.
    c.jar.delete(SESSION);
    expect(await c.signIn(user.email, user.password)).toBe(200);
    const again = await eventually(() => eventsOf(user.id), (r) => r.length >= 3);
    expect(again[2]).toMatchObject({ kind: "sign_in", emailed_at: null });
    expect(again[2]!.details).toMatchObject({ method: "password" });

    await eventually(serverLines, (l) => linesOf(l, "auth.sign_in", user.id).length >= 2);
    const lines = serverLines();
    expect(linesOf(lines, "auth.sign_in_failed", user.id)).toEqual([
      expect.objectContaining({ outcome: "failure", ip: "127.0.0.31", method: "password", reason: "wrong_password" }),
    ]);
    expect(linesOf(lines, "auth.sign_in", user.id)).toEqual([
      expect.objectContaining({ outcome: "success", ip: "127.0.0.31", method: "password", newDevice: true }),
      expect.objectContaining({ outcome: "success", ip: "127.0.0.31", method: "password", newDevice: false }),
    ]);
    expect(linesOf(lines, "auth.sign_in_failed", null).filter((l) => l.reason === "unknown_account").length).toBeGreaterThanOrEqual(1);
    expect(serverOutput).not.toContain(unknown);
    await expectNoSecrets(user.id, [user.password, wrong, c.jar.get(SESSION)!]);
  });

  it("wrong and replayed TOTP codes, a recovery code, MFA on and off: each its own kind and log line, no code anywhere", async () => {
    const user = await makeUser("trail-mfa");
    const { secret, recoveryCodes } = await enableMfa(user);
    // The code enrolment accepted, sent again at once: a replay, not a wrong code.
    const last = Number((await su.query("SELECT totp_last_step FROM users WHERE id = $1", [user.id])).rows[0].totp_last_step);
    const used = await totpAt(secret, last * 30 + 1);
    const c = new BrowserClient(origin, "127.0.0.32");
    expect(await c.signIn(user.email, user.password, { code: used })).toBe(401);
    const wrong = await wrongCode(secret);
    c.jar.delete(TICKET);
    expect(await c.signIn(user.email, user.password, { code: wrong })).toBe(401);
    c.jar.delete(TICKET);
    expect(await c.signIn(user.email, user.password, { recoveryCode: recoveryCodes[0]! })).toBe(200);
    const session = c.jar.get(SESSION)!;

    const p = { ...principalOf(user), sessionId: (await listSessions(user.id))[0]!.id };
    const regenerated = await runAccountAction("mfa.regenerateCodes", p, { password: user.password, code: recoveryCodes[1]! });
    expect(regenerated.ok).toBe(true);
    const newCodes = regenerated.ok ? regenerated.data.recoveryCodes : [];
    const off = await runAccountAction("mfa.disable", p, { password: user.password, code: newCodes[0]! });
    expect(off.ok).toBe(true);

    const events = await eventually(() => eventsOf(user.id), (r) => r.some((e) => e.kind === "mfa_disabled"));
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual([
      "mfa_enabled",
      "mfa_replayed",
      "mfa_failed",
      "sign_in_new_device",
      "recovery_code_used",
      "recovery_codes_regenerated",
      "mfa_disabled",
    ]);
    const of = (k: string) => events.find((e) => e.kind === k)!;
    expect(of("mfa_replayed").details).toMatchObject({ method: "totp", reason: "replayed_code", during: "sign_in" });
    expect(of("mfa_failed").details).toMatchObject({ method: "totp", reason: "wrong_code", during: "sign_in" });
    expect(of("mfa_failed")).toMatchObject({ ip: "127.0.0.32", device_label: "Chrome on Linux", emailed_at: null });
    expect(of("mfa_replayed").emailed_at).toBeNull();
    expect(of("sign_in_new_device").details).toMatchObject({ method: "recovery_code" });
    expect(of("recovery_code_used").details).toMatchObject({ method: "recovery_code", left: 9 });
    // The kinds that e-mailed before still do.
    for (const k of ["mfa_enabled", "recovery_code_used", "recovery_codes_regenerated", "mfa_disabled"]) expect(of(k).emailed_at, k).not.toBeNull();

    await eventually(serverLines, (l) => linesOf(l, "auth.recovery_code_used", user.id).length >= 1);
    const lines = serverLines();
    expect(linesOf(lines, "auth.mfa_replayed", user.id)).toEqual([expect.objectContaining({ outcome: "failure", ip: "127.0.0.32", method: "totp" })]);
    expect(linesOf(lines, "auth.mfa_failed", user.id)).toEqual([expect.objectContaining({ outcome: "failure", ip: "127.0.0.32", method: "totp" })]);
    expect(linesOf(lines, "auth.sign_in", user.id)).toEqual([expect.objectContaining({ outcome: "success", method: "recovery_code" })]);
    expect(linesOf(lines, "auth.recovery_code_used", user.id)).toEqual([expect.objectContaining({ outcome: "success", left: 9 })]);
    expect(linesOf(localLines(), "auth.mfa_enabled", user.id)).toHaveLength(1);
    expect(linesOf(localLines(), "auth.recovery_codes_regenerated", user.id)).toHaveLength(1);
    expect(linesOf(localLines(), "auth.mfa_disabled", user.id)).toEqual([expect.objectContaining({ outcome: "success", by: "you" })]);
    await expectNoSecrets(user.id, [user.password, secret, used, wrong, ...recoveryCodes, ...newCodes, session]);
  });

  it("a password change, one session ended, sign-out and sign-out everywhere are on the account and in the log", async () => {
    const user = await makeUser("trail-sessions");
    const c = new BrowserClient(origin, "127.0.0.33");
    expect(await c.signIn(user.email, user.password)).toBe(200);
    const first = c.jar.get(SESSION)!;
    await signOut(c);
    expect(await c.whoAmI()).toBeNull();

    expect(await c.signIn(user.email, user.password)).toBe(200);
    const second = c.jar.get(SESSION)!;
    const [live] = await listSessions(user.id);
    const p = { ...principalOf(user), ip: "198.51.100.33", sessionId: live!.id };
    const other = new BrowserClient(origin, "127.0.0.34", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15");
    expect(await other.signIn(user.email, user.password)).toBe(200);
    const otherId = (await listSessions(user.id)).find((s) => s.id !== live!.id)!.id;
    expect((await runAccountAction("account.endSession", p, { sessionId: otherId })).ok).toBe(true);
    // The ended session's cookie no longer names its user, not even on next-auth's session endpoint.
    const third = other.jar.get(SESSION)!;
    const ended = await other.request("/api/auth/session");
    expect(ended.json()).toEqual({});
    expect(ended.text).not.toContain(user.email);
    expect(other.jar.has(SESSION)).toBe(false);
    expect((await runAccountAction("account.signOutAll", p, {})).ok).toBe(true);
    const fresh = `a new passphrase ${randomUUID()}`;
    expect((await runAccountAction("account.changePassword", p, { currentPassword: user.password, newPassword: fresh })).ok).toBe(true);

    const events = await eventually(() => eventsOf(user.id), (r) => r.some((e) => e.kind === "password_changed"));
    expect(events.map((e) => e.kind)).toEqual([
      "sign_in_new_device",
      "signed_out",
      "sign_in",
      "sign_in_new_device",
      "session_ended",
      "signed_out_all",
      "password_changed",
    ]);
    const of = (k: string) => events.find((e) => e.kind === k)!;
    // The ended session's own device is named, not the one that ended it.
    expect(of("session_ended")).toMatchObject({ ip: "198.51.100.33", device_label: "Safari on macOS", emailed_at: null });
    expect(of("signed_out")).toMatchObject({ device_label: "Chrome on Linux", emailed_at: null });
    expect(of("signed_out_all")).toMatchObject({ ip: "198.51.100.33", emailed_at: null });
    expect(of("password_changed").details).toMatchObject({ via: "account" });
    expect(of("password_changed").emailed_at).not.toBeNull();

    await eventually(serverLines, (l) => linesOf(l, "auth.sign_out", user.id).length >= 1);
    expect(linesOf(serverLines(), "auth.sign_out", user.id)).toEqual([expect.objectContaining({ outcome: "success" })]);
    expect(linesOf(localLines(), "auth.session_ended", user.id)).toEqual([expect.objectContaining({ outcome: "success", ip: "198.51.100.33" })]);
    expect(linesOf(localLines(), "auth.sign_out_all", user.id)).toEqual([expect.objectContaining({ outcome: "success", ip: "198.51.100.33" })]);
    expect(linesOf(localLines(), "auth.password_changed", user.id)).toEqual([expect.objectContaining({ outcome: "success", via: "account" })]);
    await expectNoSecrets(user.id, [user.password, fresh, first, second, third]);
  });

  it("a password reset with an e-mailed link is a password change on the account, holding neither the link nor the password", async () => {
    const user = await makeUser("trail-reset");
    await requestPasswordReset({ email: user.email, ip: "198.51.100.36" });
    const mail = await withAccountOutbox((tx) => tx.emailOutbox.findFirst({ where: { toEmail: user.email, kind: PASSWORD_RESET_EMAIL_KIND } }));
    const token = /\/reset-password\/([A-Za-z0-9_-]{43})\b/.exec(mail!.body)![1]!;
    const fresh = `a reset passphrase ${randomUUID()}`;
    await completePasswordReset({ token, password: fresh, ip: "198.51.100.36" });

    const events = await eventsOf(user.id);
    expect(events.map((e) => e.kind)).toEqual(["password_changed"]);
    expect(events[0]).toMatchObject({ ip: "198.51.100.36" });
    expect(events[0]!.details).toMatchObject({ via: "reset" });
    expect(linesOf(localLines(), "auth.password_changed", user.id)).toEqual([
      expect.objectContaining({ outcome: "success", via: "reset", ip: "198.51.100.36" }),
    ]);
    await expectNoSecrets(user.id, [user.password, fresh, token]);
  });

  it(`many failed passwords are one row per account per ${FAILED_SIGN_IN_WINDOW_SECONDS} s, carrying their count; only that count may change`, async () => {
    const user = await makeUser("trail-flood");
    // Through the server until its guard answers 429 (those are refused before any password check)...
    let failures = 0;
    for (let i = 0; i < 12; i++) {
      const status = await new BrowserClient(origin, `127.0.1.${i + 1}`).password(user.email, `guess ${i}`);
      expect([401, 429]).toContain(status);
      if (status === 401) failures++;
    }
    expect(failures).toBeGreaterThanOrEqual(5);
    // The server writes them after answering: wait until it has.
    await eventually(() => eventsOf(user.id), (r) => Number(r[0]?.details.count ?? 0) >= failures);
    // ...and far more, at once, than any guard lets through.
    await Promise.all(Array.from({ length: 60 }, (_, i) => recordFailedPassword({ userId: user.id, ip: `203.0.113.${i}`, reason: "wrong_password" })));
    const rows = await eventually(
      () => eventsOf(user.id),
      (r) => Number(r[0]?.details.count ?? 0) >= failures + 60,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "sign_in_failed", ip: expect.stringMatching(/^127\.0\.1\./) });
    expect(rows[0]!.details).toMatchObject({ method: "password", reason: "wrong_password", count: failures + 60 });

    // Once the row's minute is over, the next failure opens a new row.
    await su.query("UPDATE account_security_events SET created_at = created_at - make_interval(secs => $2 + 1) WHERE user_id = $1", [user.id, FAILED_SIGN_IN_WINDOW_SECONDS]);
    await recordFailedPassword({ userId: user.id, ip: "203.0.113.200", reason: "wrong_password" });
    const later = await eventsOf(user.id);
    expect(later.map((r) => r.details.count)).toEqual([failures + 60, 1]);

    // The runtime role may raise a failed sign-in row's count and nothing else.
    const app = await connect(appUrl());
    try {
      await recordSecurityEvent({ userId: user.id, kind: "signed_out" });
      const signedOut = (await eventsOf(user.id)).find((r) => r.kind === "signed_out")!;
      await expect(app.query(`UPDATE account_security_events SET details = '{"count": 9}' WHERE id = $1`, [signedOut.id])).rejects.toThrow(/only the count/);
      await expect(app.query(`UPDATE account_security_events SET details = details || '{"count": 0}' WHERE id = $1`, [later[1]!.id])).rejects.toThrow(/only the count/);
      await expect(app.query(`UPDATE account_security_events SET details = details || '{"reason": "x", "count": 5}' WHERE id = $1`, [later[1]!.id])).rejects.toThrow(/only the count/);
      await expect(app.query("UPDATE account_security_events SET ip = '192.0.2.1' WHERE id = $1", [later[1]!.id])).rejects.toThrow(/permission denied/);
      await expect(app.query("DELETE FROM account_security_events WHERE id = $1", [later[1]!.id])).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });

  it("the account security page lists the trail, newest first, a page at a time", async () => {
    const user = await makeUser("trail-page");
    const c = new BrowserClient(origin, "127.0.0.35");
    expect(await c.password(user.email, "not the password")).toBe(401);
    await eventually(() => eventsOf(user.id), (r) => r.length >= 1);
    for (let i = 0; i < 30; i++) await recordSecurityEvent({ userId: user.id, kind: "session_ended", ip: "192.0.2.35" });
    expect(await c.signIn(user.email, user.password)).toBe(200);
    await eventually(() => eventsOf(user.id), (r) => r.length >= 32);

    const first = await c.request("/account/security");
    expect(first.status).toBe(200);
    expect(first.text).toContain("Account audit log");
    expect(first.text).toContain("Signed in from a new device");
    expect(first.text).toContain("Session ended");
    expect(first.text).not.toContain("Failed sign-in attempt");
    const rowsOf = (html: string) => (html.match(/<tr[\s>]/g) ?? []).length - 1;
    expect(rowsOf(first.text)).toBe(25);
    const link = /<a[^>]*>Older events<\/a>/.exec(first.text)?.[0] ?? "";
    const older = /href="(\/account\/security\?auditCursor=[^"#]+)/.exec(link);
    expect(older).not.toBeNull();

    const second = await c.request(older![1]!.replace(/&amp;/g, "&"));
    expect(second.status).toBe(200);
    expect(rowsOf(second.text)).toBe(7);
    expect(second.text).toContain("Failed sign-in attempt");
    expect(second.text).toContain("Wrong password");
    expect(second.text).toContain("Back to newest");
    expect(second.text).not.toContain(">Older events<");

    // A cursor that does not parse is the newest page, not an error.
    expect(rowsOf((await c.request("/account/security?auditCursor=%3Cscript%3E")).text)).toBe(25);
  });
});
