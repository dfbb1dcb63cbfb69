import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { runAccountAction, runWorkspaceAction } from "../../lib/actions/registry";
import { signInWithPassword } from "../../lib/auth/sign-in";
import { completeSignIn, issueTicket } from "../../lib/auth/sign-in-ticket";
import { createSession } from "../../lib/auth/sessions";
import { clearGuard } from "../../lib/brute-force";
import { MFA_LIMIT, mfaKeys } from "../../lib/mfa/second-factor";
import {
  listSecurityActivity,
  NOTIFY_EVERY_MINUTES,
  recordSecurityEvent,
  SECURITY_EVENT_NOTIFY,
  type SecurityEventKind,
} from "../../lib/security-events";
import { connect, superDbUrl } from "../support/db";
import { makeUser } from "../support/fixtures";
import { totpAt } from "../support/mfa";
import { confirmEnrolment, startEnrolment } from "../../lib/auth/mfa-settings";
import { elevatedPrincipalOf, principalOf, workspaceFixture } from "../support/workspace-fixture";

/**
 * Account security notifications: each kind of event queues exactly one e-mail in the
 * outbox (account-level: no workspace) to the right person, holding no secret, and the
 * per-user, per-kind rate limit holds. Mail and events are read as the database superuser,
 * the way a mail transport or a backup sees them.
 */
let su: pg.Client;
const secrets: string[] = [];
const CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

beforeAll(async () => {
  su = await connect(superDbUrl());
});
afterAll(async () => {
  await su?.end();
});

type Mail = { to_email: string; subject: string; body: string; workspace_id: string | null };

async function mailsTo(email: string): Promise<Mail[]> {
  return (
    await su.query<Mail>("SELECT to_email, subject, body, workspace_id FROM email_outbox WHERE to_email = $1 AND kind = 'security_notification' ORDER BY created_at", [email])
  ).rows;
}

async function eventsOf(userId: string) {
  return (
    await su.query<{ kind: string; ip: string | null; device_label: string | null; details: Record<string, unknown>; emailed_at: Date | null }>(
      "SELECT kind, ip, device_label, details, emailed_at FROM account_security_events WHERE user_id = $1 ORDER BY created_at",
      [userId],
    )
  ).rows;
}

/** Exactly one new notification of `subject` for `email` since `before` mails, with no secret anywhere in it. */
async function expectOneNotice(email: string, before: number, subject: RegExp) {
  const mails = await mailsTo(email);
  expect(mails.slice(before).map((m) => m.subject)).toEqual([expect.stringMatching(subject)]);
  const mail = mails[mails.length - 1]!;
  expect(mail.workspace_id).toBeNull();
  for (const s of secrets) {
    expect(mail.body).not.toContain(s);
    expect(mail.subject).not.toContain(s);
  }
  return mail;
}

async function signInFully(user: { id: string; email: string; password: string }, factor = {}, deviceId: string | null = null) {
  const step = await signInWithPassword({ email: user.email, password: user.password, ip: "198.51.100.20", userAgent: CHROME });
  if (!step.ok) throw new Error("password step failed");
  const token = await issueTicket(step.user.id, step.mfaRequired, "198.51.100.20", deviceId);
  secrets.push(token);
  return completeSignIn({ token, factor, ip: "198.51.100.20", userAgent: CHROME });
}

describe("account security notifications", () => {
  it("a sign-in from a new device is one notice; a known device is none, and listed only", async () => {
    const user = await makeUser("notice-device");
    secrets.push(user.password);
    expect(await signInFully(user)).toMatchObject({ ok: true });
    const mail = await expectOneNotice(user.email, 0, /New sign-in/);
    expect(mail.body).toContain("Chrome on macOS");
    expect(mail.body).toContain("198.51.100.20");
    expect(mail.body).toContain("/account");
    // With a valid device cookie (its id on the ticket), the device is known: no notice.
    expect(await signInFully(user, {}, randomUUID())).toMatchObject({ ok: true });
    expect(await mailsTo(user.email)).toHaveLength(1);
    // Both sign-ins are in the account's trail; only the new device's e-mailed.
    expect((await eventsOf(user.id)).map((e) => [e.kind, e.device_label, e.emailed_at !== null])).toEqual([
      ["sign_in_new_device", "Chrome on macOS", true],
      ["sign_in", "Chrome on macOS", false],
    ]);
  });

  it("MFA on, wrong codes past the threshold, a recovery code used, codes regenerated, MFA off: one notice each, no code or secret in any", async () => {
    const user = await makeUser("notice-mfa");
    const session = await createSession(user.id, { ip: "203.0.113.7", userAgent: CHROME });
    const p = { ...principalOf(user), sessionId: session.id };
    secrets.push(user.password);

    const { secret } = await startEnrolment(p, { password: user.password });
    const { recoveryCodes } = await confirmEnrolment(p, { code: await totpAt(secret) });
    secrets.push(secret, ...recoveryCodes);
    let mail = await expectOneNotice(user.email, 0, /Two-factor authentication is on/);
    expect(mail.body).toContain("203.0.113.7");

    // Three wrong codes are the allowance (MFA_LIMIT.free); the fourth trips the guard and is one notice.
    let before = (await mailsTo(user.email)).length;
    const step = await signInWithPassword({ email: user.email, password: user.password, ip: "198.51.100.21" });
    const token = await issueTicket(user.id, true, "198.51.100.21", step.ok ? step.deviceId : null);
    for (let i = 0; i < MFA_LIMIT.free; i++) expect(await completeSignIn({ token, factor: { code: "000000" }, ip: "198.51.100.21" })).toMatchObject({ ok: false, reason: "invalid_code" });
    expect(await mailsTo(user.email)).toHaveLength(before);
    expect(await completeSignIn({ token, factor: { code: "000001" }, ip: "198.51.100.21" })).toMatchObject({ ok: false, reason: "rate_limited" });
    mail = await expectOneNotice(user.email, before, /Wrong two-factor codes/);
    expect(mail.body).toContain("change your password");
    expect(mail.body).not.toMatch(/00000[01]/);
    await clearGuard(mfaKeys(user.id));

    before = (await mailsTo(user.email)).length;
    expect(await signInFully(user, { recoveryCode: recoveryCodes[0] })).toMatchObject({ ok: true });
    // The new device's sign-in and the recovery code: one notice of each kind.
    const mails = (await mailsTo(user.email)).slice(before).map((m) => m.subject);
    expect(mails).toHaveLength(2);
    expect(mails).toEqual(expect.arrayContaining([expect.stringMatching(/New sign-in/), expect.stringMatching(/recovery code was used/)]));
    for (const m of await mailsTo(user.email)) for (const s of secrets) expect(m.body).not.toContain(s);

    before = (await mailsTo(user.email)).length;
    // A recovery code confirms it (the last TOTP step is spent, and waiting for the next is not a test).
    const regenerated = await runAccountAction("mfa.regenerateCodes", p, { password: user.password, code: recoveryCodes[1]! });
    expect(regenerated.ok).toBe(true);
    secrets.push(...(regenerated.ok ? regenerated.data.recoveryCodes : []));
    await expectOneNotice(user.email, before, /New recovery codes/);

    before = (await mailsTo(user.email)).length;
    const newCodes = regenerated.ok ? regenerated.data.recoveryCodes : [];
    expect((await runAccountAction("mfa.disable", p, { password: user.password, code: newCodes[0]! })).ok).toBe(true);
    await expectOneNotice(user.email, before, /Two-factor authentication is off/);

    // The events keep no secret either, and name the device the change came from.
    const events = await eventsOf(user.id);
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["mfa_enabled", "mfa_failures", "recovery_code_used", "recovery_codes_regenerated", "mfa_disabled"]),
    );
    expect(events.find((e) => e.kind === "mfa_enabled")?.device_label).toBe("Chrome on macOS");
    for (const s of secrets) expect(JSON.stringify(events)).not.toContain(s);
  });

  it("kinds listed only (ordinary sign-ins, failed attempts, sign-outs) never e-mail, and stay off the account page's short list", async () => {
    const user = await makeUser("notice-listed");
    const listed = Object.entries(SECURITY_EVENT_NOTIFY).filter(([, v]) => v === "list").map(([k]) => k as SecurityEventKind);
    expect(listed).toEqual(expect.arrayContaining(["sign_in", "sign_in_failed", "mfa_failed", "mfa_replayed", "session_ended", "signed_out", "signed_out_all"]));
    for (const kind of listed) expect(await recordSecurityEvent({ userId: user.id, kind, ip: "192.0.2.45" }), kind).toMatchObject({ emailed: false });
    expect(await mailsTo(user.email)).toHaveLength(0);
    expect(await listSecurityActivity(user.id)).toHaveLength(0);
    expect((await eventsOf(user.id)).every((e) => e.emailed_at === null)).toBe(true);
  });

  it("a password change is one notice, holding neither password", async () => {
    const user = await makeUser("notice-password");
    const fresh = "a brand new passphrase 42";
    secrets.push(user.password, fresh);
    expect((await runAccountAction("account.changePassword", await elevatedPrincipalOf(user), { currentPassword: user.password, newPassword: fresh })).ok).toBe(true);
    await expectOneNotice(user.email, 0, /password was changed/);
  });

  it("a role change reaches the member whose role changed, and no one else", async () => {
    const f = await workspaceFixture("Notice Roles");
    const before = { admin: (await mailsTo(f.admin.email)).length, owner: (await mailsTo(f.owner.email)).length };
    const r = await runWorkspaceAction("members.changeRole", await elevatedPrincipalOf(f.owner), f.workspace.slug, { membershipId: f.memberships.member.id, role: "ADMIN" });
    expect(r.ok).toBe(true);
    const mail = await expectOneNotice(f.member.email, 0, /Your role in Notice Roles changed/);
    expect(mail.body).toContain(`${f.owner.email} changed your role in Notice Roles from Member to Admin.`);
    expect(await mailsTo(f.admin.email)).toHaveLength(before.admin);
    expect(await mailsTo(f.owner.email)).toHaveLength(before.owner);
  });

  it("API keys: creation is one notice to the owner naming only label and prefix; a revocation by someone else is one notice to the owner, by the owner none", async () => {
    const f = await workspaceFixture("Notice Keys");
    // The fixture's own key for `target` was the first api_key_created notice of that account.
    const created = await runWorkspaceAction("apiKeys.create", await elevatedPrincipalOf(f.member), f.workspace.slug, { name: "billing worker" });
    expect(created.ok).toBe(true);
    const { key, record } = (created as { ok: true; data: { key: string; record: { id: string; prefix: string } } }).data;
    secrets.push(key, key.slice(record.prefix.length));
    let mail = await expectOneNotice(f.member.email, 0, /new API key/);
    expect(mail.body).toContain(`“billing worker” (${record.prefix}…)`);

    const adminBefore = (await mailsTo(f.admin.email)).length;
    expect((await runWorkspaceAction("apiKeys.revoke", await elevatedPrincipalOf(f.admin), f.workspace.slug, { apiKeyId: record.id })).ok).toBe(true);
    mail = await expectOneNotice(f.member.email, 1, /API keys was revoked/);
    expect(mail.body).toContain(`${f.admin.email} revoked your API key “billing worker” (${record.prefix}…) in Notice Keys.`);
    expect(await mailsTo(f.admin.email)).toHaveLength(adminBefore);

    // The target revokes their own key: nothing to tell them.
    const targetBefore = (await mailsTo(f.target.email)).length;
    expect((await runWorkspaceAction("apiKeys.revoke", await elevatedPrincipalOf(f.target), f.workspace.slug, { apiKeyId: f.targetKey.record.id })).ok).toBe(true);
    expect(await mailsTo(f.target.email)).toHaveLength(targetBefore);
  });

  it(`sends at most one e-mail per kind and user every ${NOTIFY_EVERY_MINUTES} minutes, while the account page lists every event`, async () => {
    const user = await makeUser("notice-rate");
    const fire = () => recordSecurityEvent({ userId: user.id, kind: "password_changed", ip: "192.0.2.44", details: { via: "account" } });
    // Several at once: the per-user, per-kind lock lets exactly one of them e-mail.
    const results = await Promise.all(Array.from({ length: 4 }, fire));
    results.push(...(await Promise.all(Array.from({ length: 6 }, fire))));
    expect(results.every((r) => r !== null)).toBe(true);
    expect(results.filter((r) => r?.emailed)).toHaveLength(1);
    expect(await mailsTo(user.email)).toHaveLength(1);
    // Another kind has its own allowance.
    await recordSecurityEvent({ userId: user.id, kind: "mfa_enabled" });
    expect(await mailsTo(user.email)).toHaveLength(2);
    expect(await listSecurityActivity(user.id)).toHaveLength(11);

    // Once the last e-mail of the kind is older than the window, the next event e-mails again.
    await su.query(
      `UPDATE account_security_events SET emailed_at = emailed_at - make_interval(mins => $2 + 1)
        WHERE user_id = $1 AND kind = 'password_changed' AND emailed_at IS NOT NULL`,
      [user.id, NOTIFY_EVERY_MINUTES],
    );
    expect(await fire()).toMatchObject({ emailed: true });
    expect(await mailsTo(user.email)).toHaveLength(3);
  });

  it("the runtime role can add and read events but not change or delete them", async () => {
    const user = await makeUser("notice-append-only");
    await recordSecurityEvent({ userId: user.id, kind: "mfa_enabled" });
    const { appUrl } = await import("../support/db");
    const app = await connect(appUrl());
    try {
      await expect(app.query("UPDATE account_security_events SET kind = 'mfa_disabled' WHERE user_id = $1", [user.id])).rejects.toThrow(/permission denied/);
      await expect(app.query("DELETE FROM account_security_events WHERE user_id = $1", [user.id])).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    expect((await eventsOf(user.id)).map((e) => e.kind)).toEqual(["mfa_enabled"]);
  });
});
