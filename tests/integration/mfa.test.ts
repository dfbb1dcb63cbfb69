import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAccountAction, runWorkspaceAction } from "../../lib/actions/registry";
import { signInWithPassword } from "../../lib/auth/sign-in";
import { completeSignIn, issueTicket } from "../../lib/auth/sign-in-ticket";
import { validateSession } from "../../lib/auth/sessions";
import { clearGuard } from "../../lib/brute-force";
import { mfaKeys, verifySecondFactor } from "../../lib/mfa/second-factor";
import { mfaStatus } from "../../lib/mfa/enrolment";
import { matchTotp } from "../../lib/mfa/totp";
import { db } from "../../lib/db";
import { resolveActor } from "../../lib/workspaces/context";
import { connect, superDbUrl } from "../support/db";
import { makeUser } from "../support/fixtures";
import { enableMfa, totpAt } from "../support/mfa";
import { elevatedPrincipalOf, principalOf, workspaceFixture } from "../support/workspace-fixture";

const ip = () => `192.0.2.${randomBytes(1)[0]}`;

async function passwordThenTicket(user: { email: string; password: string }) {
  const step = await signInWithPassword({ email: user.email, password: user.password, ip: ip() });
  if (!step.ok) throw new Error("password step failed");
  return { token: await issueTicket(step.user.id, step.mfaRequired, "192.0.2.1"), mfaRequired: step.mfaRequired };
}

describe("TOTP codes", () => {
  it("pass the RFC 6238 SHA-1 test vectors (6-digit) through the sign-in matcher", async () => {
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // ASCII "12345678901234567890"
    const vectors: [number, string][] = [[59, "287082"], [1111111109, "081804"], [1111111111, "050471"], [1234567890, "005924"], [2000000000, "279037"], [20000000000, "353130"]];
    for (const [t, code] of vectors) expect(await matchTotp(secret, code, { epochSeconds: t })).toBe(Math.floor(t / 30));
    // The previous step is accepted, the next one is not.
    expect(await matchTotp(secret, "287082", { epochSeconds: 59 + 30 })).toBe(1);
    expect(await matchTotp(secret, "287082", { epochSeconds: 59 - 30 })).toBeNull();
    expect(await matchTotp(secret, "287083", { epochSeconds: 59 })).toBeNull();
  });
});

describe("sign-in with MFA", () => {
  it("needs the second step; the ticket alone is not a session", async () => {
    const user = await makeUser("mfa-flow");
    const { secret } = await enableMfa(user);
    const { token, mfaRequired } = await passwordThenTicket(user);
    expect(mfaRequired).toBe(true);
    expect(await db().userSession.count({ where: { userId: user.id } })).toBe(0);
    expect(await completeSignIn({ token, factor: {}, ip: "192.0.2.1" })).toEqual({ ok: false, reason: "invalid_code" });
    expect(await completeSignIn({ token: "forged-ticket", factor: {}, ip: "192.0.2.1" })).toEqual({ ok: false, reason: "expired" });
    // A code from the next (future) step is not accepted.
    expect(await completeSignIn({ token, factor: { code: await totpAt(secret, Math.floor(Date.now() / 1000) + 30) }, ip: "192.0.2.1" })).toMatchObject({ ok: false });
    expect(await db().userSession.count({ where: { userId: user.id } })).toBe(0);
    await clearGuard(mfaKeys(user.id));
    // Rewind the last accepted step (the enrolment used the current one) and sign in.
    await db().$executeRaw`UPDATE users SET totp_last_step = totp_last_step - 2 WHERE id = ${user.id}::uuid`;
    const done = await completeSignIn({ token, factor: { code: await totpAt(secret) }, ip: "192.0.2.1" });
    expect(done).toMatchObject({ ok: true });
    // The ticket is single use.
    expect(await completeSignIn({ token, factor: { code: await totpAt(secret) }, ip: "192.0.2.1" })).toEqual({ ok: false, reason: "expired" });
  });

  it("accepts a code once: sequential and parallel replays lose, and an older step is refused after a newer one", async () => {
    const user = await makeUser("mfa-replay");
    const { secret } = await enableMfa(user);
    // Put the last accepted step two steps back so the current and previous steps are fresh.
    const now = Math.floor(Date.now() / 1000);
    const step = Math.floor(now / 30);
    await db().$executeRaw`UPDATE users SET totp_last_step = ${step - 2} WHERE id = ${user.id}::uuid`;
    const current = await totpAt(secret, now);
    const previous = await totpAt(secret, now - 30);

    const parallel = await Promise.all([1, 2, 3].map(() => verifySecondFactor(user.id, { code: current })));
    expect(parallel.filter((r) => r.ok)).toHaveLength(1);
    await clearGuard(mfaKeys(user.id));
    expect(await verifySecondFactor(user.id, { code: current })).toMatchObject({ ok: false });
    await clearGuard(mfaKeys(user.id));
    expect(await verifySecondFactor(user.id, { code: previous })).toMatchObject({ ok: false });

    // Across two separate sign-in attempts.
    await db().$executeRaw`UPDATE users SET totp_last_step = ${step - 2} WHERE id = ${user.id}::uuid`;
    await clearGuard(mfaKeys(user.id));
    const a = await passwordThenTicket(user);
    const b = await passwordThenTicket(user);
    const first = await completeSignIn({ token: a.token, factor: { code: current }, ip: "192.0.2.1" });
    const second = await completeSignIn({ token: b.token, factor: { code: current }, ip: "192.0.2.1" });
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(false);
    if (first.ok) expect(await validateSession(first.sessionId, user.id)).toMatchObject({ mfaEnabled: true });
  });

  it("throttles wrong codes per account and burns the ticket after five", async () => {
    const user = await makeUser("mfa-guard");
    await enableMfa(user);
    const { token } = await passwordThenTicket(user);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await completeSignIn({ token, factor: { code: String(100000 + i) }, ip: "192.0.2.1" }));
    // Three free wrong codes, then blocked.
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual(["invalid_code", "invalid_code", "invalid_code", "rate_limited"]);
    await clearGuard(mfaKeys(user.id));
    await completeSignIn({ token, factor: { code: "111111" }, ip: "192.0.2.1" });
    expect(await completeSignIn({ token, factor: { code: "222222" }, ip: "192.0.2.1" })).toEqual({ ok: false, reason: "expired" });
  });

  it("a recovery code signs in once and the remaining count drops", async () => {
    const user = await makeUser("mfa-recovery");
    const { recoveryCodes } = await enableMfa(user);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const a = await passwordThenTicket(user);
    const ok = await completeSignIn({ token: a.token, factor: { recoveryCode: recoveryCodes[3]!.toLowerCase() }, ip: "192.0.2.1" });
    expect(ok).toMatchObject({ ok: true, recoveryCodesLeft: 9 });
    const b = await passwordThenTicket(user);
    expect(await completeSignIn({ token: b.token, factor: { recoveryCode: recoveryCodes[3]! }, ip: "192.0.2.1" })).toMatchObject({ ok: false });
    expect((await mfaStatus(user.id)).recoveryCodesLeft).toBe(9);
  });

  it("regenerating codes invalidates the old set; disabling needs the password and a code", async () => {
    const user = await makeUser("mfa-regen");
    const { recoveryCodes } = await enableMfa(user);
    const p = await elevatedPrincipalOf(user);
    expect(await runAccountAction("mfa.regenerateCodes", p, { password: "wrong password 123", code: recoveryCodes[0] })).toMatchObject({
      ok: false,
      error: { code: "WRONG_PASSWORD" },
    });
    const regen = await runAccountAction("mfa.regenerateCodes", p, { password: user.password, code: recoveryCodes[0] });
    const fresh = (regen as { data: { recoveryCodes: string[] } }).data.recoveryCodes;
    expect(fresh).toHaveLength(10);
    await clearGuard(mfaKeys(user.id));
    expect(await verifySecondFactor(user.id, { recoveryCode: recoveryCodes[1] })).toMatchObject({ ok: false });
    await clearGuard(mfaKeys(user.id));
    expect(await runAccountAction("mfa.disable", p, { password: user.password, code: "123456" })).toMatchObject({ ok: false });
    await clearGuard(mfaKeys(user.id));
    expect(await runAccountAction("mfa.disable", p, { password: user.password, code: fresh[0] })).toMatchObject({ ok: true });
    expect((await mfaStatus(user.id)).enabled).toBe(false);
    expect((await passwordThenTicket(user)).mfaRequired).toBe(false);
  });

  it("keeps no plaintext or base32 secret and no recovery code in the database", async () => {
    const user = await makeUser("mfa-at-rest");
    const { secret, recoveryCodes } = await enableMfa(user);
    const c = await connect(superDbUrl());
    const rows = await c.query("SELECT row_to_json(u)::text AS j FROM users u WHERE id = $1 UNION ALL SELECT row_to_json(r)::text FROM mfa_recovery_codes r WHERE user_id = $1", [user.id]);
    await c.end();
    const dump = rows.rows.map((r) => r.j).join("\n");
    expect(dump).toContain("v1."); // sealed envelope
    for (const needle of [secret, secret.toLowerCase(), Buffer.from(secret).toString("base64"), ...recoveryCodes, ...recoveryCodes.map((c) => c.replace(/-/g, ""))]) {
      expect(dump.includes(needle)).toBe(false);
    }
  });
});

describe("workspace MFA policy", () => {
  it("sends a covered Admin without MFA to enrolment and lets them act once enrolled", async () => {
    const f = await workspaceFixture("Policy");
    const owner = await elevatedPrincipalOf(f.owner);
    expect(await runWorkspaceAction("workspace.setMfaPolicy", owner, f.workspace.slug, { policy: "OWNERS_ADMINS" })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });
    await enableMfa(f.owner);
    expect(await runWorkspaceAction("workspace.setMfaPolicy", { ...owner, mfaEnabled: true }, f.workspace.slug, { policy: "OWNERS_ADMINS" })).toMatchObject({ ok: true });

    const admin = await elevatedPrincipalOf(f.admin);
    await expect(resolveActor(admin, f.workspace.slug)).rejects.toMatchObject({ code: "MFA_REQUIRED" });
    expect(await runWorkspaceAction("members.list", admin, f.workspace.slug, {})).toMatchObject({ ok: false, error: { code: "MFA_REQUIRED" } });
    expect(await runWorkspaceAction("members.invite", admin, f.workspace.slug, { email: "x@example.test", role: "MEMBER" })).toMatchObject({
      ok: false,
      error: { code: "MFA_REQUIRED" },
    });
    // Members are not covered by OWNERS_ADMINS.
    expect(await runWorkspaceAction("members.list", await elevatedPrincipalOf(f.member), f.workspace.slug, {})).toMatchObject({ ok: true });
    await enableMfa(f.admin);
    expect(await runWorkspaceAction("members.list", { ...admin, mfaEnabled: true }, f.workspace.slug, {})).toMatchObject({ ok: true });
  });
});

describe("changing MFA ends the other sessions", () => {
  it("keeps the session that made the change and revokes the rest", async () => {
    const { createSession } = await import("../../lib/auth/sessions");
    const user = await makeUser("mfa-sessions");
    const mine = await createSession(user.id, {});
    const other = await createSession(user.id, {});
    const p = { ...principalOf(user), sessionId: mine.id };
    const { startEnrolment, confirmEnrolment } = await import("../../lib/auth/mfa-settings");
    const { secret } = await startEnrolment(p, { password: user.password });
    await confirmEnrolment(p, { code: await totpAt(secret) });
    expect(await validateSession(mine.id, user.id)).not.toBeNull();
    expect(await validateSession(other.id, user.id)).toBeNull();
  });
});
