import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountActions, operatorActions, runWorkspaceAction, workspaceActions } from "../../lib/actions/registry";
import { createSession, validateSession } from "../../lib/auth/sessions";
import { signInWithPassword } from "../../lib/auth/sign-in";
import { db, Role, withWorkspace } from "../../lib/db";
import { createApiKey, KEY_CACHE_TTL_MS } from "../../lib/keys";
import { resolveActor } from "../../lib/workspaces/context";
import { childEnv } from "../support/db";
import { makeUser } from "../support/fixtures";
import { startProxyHarness } from "../support/proxy-harness";
import { startProxyInstance } from "../support/proxy-instance";
import { elevatedPrincipalOf, principalOf } from "../support/workspace-fixture";

/**
 * Keys die with their owner. Instance A is the proxy in this process (the one that made
 * the change: its cache is cleared at once); instance B is a proxy in another process
 * sharing the database, whose cache nobody clears (every other instance: within
 * KEY_CACHE_TTL_MS). Requests come from their own address so that the refusals here
 * never meet another file's brute-force bucket.
 */
const FROM = "127.0.0.31";
let h: Awaited<ReturnType<typeof startProxyHarness>>;
let stopB: (() => void) | undefined;
let originB = "";

beforeAll(async () => {
  h = await startProxyHarness();
  const b = await startProxyInstance();
  originB = b.origin;
  stopB = b.stop;
}, 60_000);

afterAll(async () => {
  stopB?.();
  await db().authThrottle.deleteMany({ where: { key: `apikey:ip:${FROM}` } });
  await h?.close();
});

type Answer = { status: number; body: string };
function call(origin: string, key: string): Promise<Answer> {
  const url = new URL(`${origin}/api/v1/models`);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, localAddress: FROM, headers: { authorization: `Bearer ${key}` } },
      (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
const a = (key: string) => call(h.origin, key);
const b = (key: string) => call(originB, key);

/** Polls until the key is refused; resolves with when that happened. Fails after `limitMs`. */
async function refusedBy(ask: (key: string) => Promise<Answer>, key: string, limitMs: number): Promise<{ at: number; answer: Answer }> {
  const end = Date.now() + limitMs;
  for (;;) {
    const answer = await ask(key);
    if (answer.status === 401) return { at: Date.now(), answer };
    expect(answer.status).toBe(200);
    if (Date.now() > end) throw new Error(`still accepted after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function expectOpenAiUnauthorized(answer: Answer) {
  expect(answer.status).toBe(401);
  expect(JSON.parse(answer.body)).toMatchObject({ error: { type: "authentication_error", code: "invalid_api_key", param: null } });
}

/** A workspace with provider keys (from the harness), an Admin, two Members and one key each. */
async function team(name: string) {
  const t = await h.tenant(name);
  const ownerRow = await withWorkspace(t.workspaceId, (tx) =>
    tx.membership.findFirstOrThrow({ where: { role: "OWNER" }, select: { user: { select: { id: true, email: true } } } }),
  );
  const owner = { id: ownerRow.user.id, email: ownerRow.user.email };
  const admin = await makeUser("admin");
  const member = await makeUser("member");
  const colleague = await makeUser("colleague");
  const ids = await withWorkspace(t.workspaceId, async (tx) => {
    const add = async (userId: string, role: Role) =>
      (await tx.membership.create({ data: { workspaceId: t.workspaceId, userId, role }, select: { id: true } })).id;
    return { admin: await add(admin.id, Role.ADMIN), member: await add(member.id, Role.MEMBER), colleague: await add(colleague.id, Role.MEMBER) };
  });
  const keyOf = async (u: { id: string; email: string }, name = "svc") => createApiKey(await resolveActor(principalOf(u), t.slug), { name });
  return {
    ...t,
    owner,
    admin,
    member,
    colleague,
    ids,
    keys: { admin: await keyOf(admin), member: await keyOf(member), colleague: await keyOf(colleague) },
    keyOf,
  };
}

async function auditOf(workspaceId: string, action: string) {
  return withWorkspace(workspaceId, (tx) =>
    tx.auditEvent.findMany({
      where: { action },
      select: { actorEmail: true, targetId: true, targetLabel: true, details: true },
      orderBy: { createdAt: "asc" },
    }),
  );
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { encoding: "utf8", env: childEnv({ LOG_LEVEL: "error" }) });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe("removing a member", () => {
  it("revokes their keys: refused at once here, within the cache bound elsewhere; others keep working; audited", async () => {
    const t = await team("Offboard remove");
    const second = await t.keyOf(t.member, "second");
    // Both instances have the keys cached (a proxy in steady use).
    for (const key of [t.keys.member.key, second.key, t.keys.colleague.key, t.apiKey]) {
      expect((await a(key)).status).toBe(200);
      expect((await b(key)).status).toBe(200);
    }

    const removed = await runWorkspaceAction("members.remove", await elevatedPrincipalOf(t.admin), t.slug, { membershipId: t.ids.member });
    expect(removed).toMatchObject({ ok: true, data: { revokedKeys: 2 } });
    const changedAt = Date.now();

    // The instance that made the change: the very next request.
    expectOpenAiUnauthorized(await a(t.keys.member.key));
    expectOpenAiUnauthorized(await a(second.key));
    // Another instance: within the bound (plus one polling interval).
    const onB = await refusedBy(b, t.keys.member.key, KEY_CACHE_TTL_MS + 1_000);
    expect(onB.at - changedAt).toBeLessThanOrEqual(KEY_CACHE_TTL_MS + 200);
    expectOpenAiUnauthorized(onB.answer);
    // Everyone else's keys are untouched, on both.
    for (const key of [t.keys.colleague.key, t.keys.admin.key, t.apiKey]) {
      expect((await a(key)).status).toBe(200);
      expect((await b(key)).status).toBe(200);
    }

    const rows = await withWorkspace(t.workspaceId, (tx) =>
      tx.apiKey.findMany({ where: { createdBy: t.member.id }, select: { id: true, revokedAt: true, revokedBy: true } }),
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatchObject({ revokedAt: expect.any(Date), revokedBy: t.admin.id });
    const audit = await auditOf(t.workspaceId, "api_key.revoked");
    expect(audit.map((e) => e.targetId).sort()).toEqual([t.keys.member.record.id, second.record.id].sort());
    for (const e of audit) {
      expect(e).toMatchObject({ actorEmail: t.admin.email, details: { reason: "member_removed", owner: t.member.email } });
      expect(e.targetLabel).toMatch(/\(ak_live_/);
    }
    expect(await auditOf(t.workspaceId, "member.removed")).toHaveLength(1);
  }, 30_000);

  it("a member who leaves loses their keys too", async () => {
    const t = await team("Offboard leave");
    expect((await a(t.keys.colleague.key)).status).toBe(200);
    expect((await runWorkspaceAction("workspace.leave", principalOf(t.colleague), t.slug, {})).ok).toBe(true);
    expectOpenAiUnauthorized(await a(t.keys.colleague.key));
    expect((await a(t.keys.member.key)).status).toBe(200);
    const audit = await auditOf(t.workspaceId, "api_key.revoked");
    expect(audit).toEqual([
      expect.objectContaining({ actorEmail: t.colleague.email, targetId: t.keys.colleague.record.id, details: { reason: "member_left", owner: t.colleague.email } }),
    ]);
  });
});

describe("lowering a role", () => {
  it("revokes the member's keys by default, keeps them when unticked, and never on a promotion", async () => {
    const t = await team("Offboard demote");
    const owner = await elevatedPrincipalOf(t.owner);
    const secondAdmin = await makeUser("admin2");
    const secondAdminId = await withWorkspace(t.workspaceId, async (tx) =>
      (await tx.membership.create({ data: { workspaceId: t.workspaceId, userId: secondAdmin.id, role: Role.ADMIN }, select: { id: true } })).id,
    );
    const secondAdminKey = await t.keyOf(secondAdmin);
    for (const key of [t.keys.admin.key, secondAdminKey.key, t.keys.member.key]) expect((await b(key)).status).toBe(200);

    // Default (what the console sends when the box stays ticked, and what an absent field means).
    const demoted = await runWorkspaceAction("members.changeRole", owner, t.slug, { membershipId: t.ids.admin, role: "MEMBER" });
    expect(demoted).toMatchObject({ ok: true, data: { role: "MEMBER", revokedKeys: 1 } });
    const changedAt = Date.now();
    expectOpenAiUnauthorized(await a(t.keys.admin.key));
    const onB = await refusedBy(b, t.keys.admin.key, KEY_CACHE_TTL_MS + 1_000);
    expect(onB.at - changedAt).toBeLessThanOrEqual(KEY_CACHE_TTL_MS + 200);

    // Unticked: the role changes, the keys stay.
    const kept = await runWorkspaceAction("members.changeRole", owner, t.slug, { membershipId: secondAdminId, role: "MEMBER", revokeKeys: "no" });
    expect(kept).toMatchObject({ ok: true, data: { revokedKeys: 0 } });
    expect((await a(secondAdminKey.key)).status).toBe(200);

    // A promotion revokes nothing, whatever the field says.
    const promoted = await runWorkspaceAction("members.changeRole", owner, t.slug, { membershipId: t.ids.member, role: "ADMIN", revokeKeys: "yes" });
    expect(promoted).toMatchObject({ ok: true, data: { revokedKeys: 0 } });
    expect((await a(t.keys.member.key)).status).toBe(200);

    const revoked = await auditOf(t.workspaceId, "api_key.revoked");
    expect(revoked).toEqual([
      expect.objectContaining({ actorEmail: t.owner.email, targetId: t.keys.admin.record.id, details: { reason: "role_lowered", owner: t.admin.email } }),
    ]);
    const changes = await auditOf(t.workspaceId, "member.role_changed");
    expect(changes.map((e) => e.details)).toEqual([
      { from: "ADMIN", to: "MEMBER", keysRevoked: true },
      { from: "ADMIN", to: "MEMBER", keysRevoked: false },
      { from: "MEMBER", to: "ADMIN" },
    ]);
  }, 30_000);
});

describe("who may do it", () => {
  it("a Member cannot remove or demote anyone, nor raise themselves; an Admin cannot touch Admins or Owners", async () => {
    const t = await team("Offboard escalation");
    const member = await elevatedPrincipalOf(t.member);
    const admin = await elevatedPrincipalOf(t.admin);
    const attempts = [
      runWorkspaceAction("members.remove", member, t.slug, { membershipId: t.ids.colleague }),
      runWorkspaceAction("members.remove", member, t.slug, { membershipId: t.ids.admin }),
      runWorkspaceAction("members.changeRole", member, t.slug, { membershipId: t.ids.colleague, role: "MEMBER" }),
      runWorkspaceAction("members.changeRole", member, t.slug, { membershipId: t.ids.admin, role: "MEMBER", revokeKeys: "yes" }),
      runWorkspaceAction("members.changeRole", member, t.slug, { membershipId: t.ids.member, role: "ADMIN" }),
      runWorkspaceAction("members.changeRole", admin, t.slug, { membershipId: t.ids.member, role: "ADMIN" }),
      runWorkspaceAction("members.changeRole", admin, t.slug, { membershipId: t.ids.admin, role: "MEMBER" }),
    ];
    for (const r of await Promise.all(attempts)) expect(r).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    // An Admin cannot remove the Owner, and removal takes no "keep the keys" field.
    const ownerMembership = await withWorkspace(t.workspaceId, (tx) => tx.membership.findFirstOrThrow({ where: { role: "OWNER" }, select: { id: true } }));
    expect(await runWorkspaceAction("members.remove", admin, t.slug, { membershipId: ownerMembership.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await runWorkspaceAction("members.remove", admin, t.slug, { membershipId: t.ids.colleague, revokeKeys: "no" })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION" },
    });

    // Nothing changed: every key still works and no revocation was recorded.
    for (const key of [t.keys.admin.key, t.keys.member.key, t.keys.colleague.key, t.apiKey]) expect((await a(key)).status).toBe(200);
    expect(await auditOf(t.workspaceId, "api_key.revoked")).toEqual([]);
    const roles = await withWorkspace(t.workspaceId, (tx) => tx.membership.findMany({ select: { userId: true, role: true } }));
    expect(roles).toHaveLength(4);
    expect(roles.find((r) => r.userId === t.member.id)?.role).toBe("MEMBER");

    // Suspension is not a console action at all: only the operator CLI (shell access) suspends.
    const names = [...Object.keys(workspaceActions), ...Object.keys(accountActions), ...Object.keys(operatorActions)];
    expect(names.filter((n) => /suspend/i.test(n))).toEqual([]);
  });
});

describe("suspending a user", () => {
  it("stops their keys in every workspace, ends their sessions, refuses sign-in; unsuspending restores unrevoked keys", async () => {
    const one = await team("Offboard suspend one");
    const two = await team("Offboard suspend two");
    const user = one.member;
    await withWorkspace(two.workspaceId, (tx) => tx.membership.create({ data: { workspaceId: two.workspaceId, userId: user.id, role: Role.MEMBER } }));
    const inTwo = await two.keyOf(user, "in two");
    const laterRevoked = await one.keyOf(user, "later revoked");
    const session = await createSession(user.id, {});
    const mine = [one.keys.member.key, inTwo.key, laterRevoked.key];
    for (const key of mine) {
      expect((await a(key)).status).toBe(200);
      expect((await b(key)).status).toBe(200);
    }

    // The CLI is a third process: neither proxy is told, both must stop within the bound.
    const suspended = cli(["user:suspend", "--email", user.email]);
    const doneAt = Date.now();
    expect(suspended).toMatchObject({ code: 0 });
    expect(suspended.out).toContain(`${user.email} is suspended; 1 session ended; 3 API keys in 2 workspaces`);
    for (const [ask, key] of [
      [a, one.keys.member.key],
      [b, one.keys.member.key],
      [a, inTwo.key],
      [b, inTwo.key],
    ] as const) {
      const r = await refusedBy(ask, key, KEY_CACHE_TTL_MS + 1_000);
      expect(r.at - doneAt).toBeLessThanOrEqual(KEY_CACHE_TTL_MS + 200);
      expectOpenAiUnauthorized(r.answer);
    }
    // Colleagues' keys in both workspaces are untouched.
    for (const key of [one.keys.colleague.key, two.keys.colleague.key, one.apiKey, two.apiKey]) expect((await b(key)).status).toBe(200);
    // No sign-in (answered as a wrong password), no session.
    expect(await signInWithPassword({ email: user.email, password: user.password, ip: "203.0.113.9" })).toEqual({ ok: false, reason: "invalid" });
    expect(await validateSession(session.id, user.id)).toBeNull();
    expect(await createSession(user.id, {}).then((s) => validateSession(s.id, user.id))).toBeNull();
    expect(cli(["user:suspend", "--email", user.email]).out).toContain("was already suspended (nothing changed)");

    const operatorRows = await db().operatorAuditEvent.findMany({ where: { targetId: user.id }, select: { action: true, ip: true, details: true } });
    expect(operatorRows).toEqual([{ action: "user.suspended", ip: "cli", details: { via: "cli", sessionsEnded: 1 } }]);
    expect((await auditOf(one.workspaceId, "api_key.suspended")).map((e) => [e.targetId, e.details])).toEqual(
      [one.keys.member.record.id, laterRevoked.record.id].map((id) => [id, { reason: "owner_suspended", owner: user.email, by: "platform operator" }]),
    );
    expect((await auditOf(two.workspaceId, "api_key.suspended")).map((e) => e.targetId)).toEqual([inTwo.record.id]);
    expect(await auditOf(two.workspaceId, "member.suspended")).toHaveLength(1);

    // While suspended, an Admin revokes one key for good; unsuspending does not bring it back.
    expect((await runWorkspaceAction("apiKeys.revoke", await elevatedPrincipalOf(one.admin), one.slug, { apiKeyId: laterRevoked.record.id })).ok).toBe(true);
    const lifted = cli(["user:unsuspend", "--email", user.email]);
    const liftedAt = Date.now();
    expect(lifted).toMatchObject({ code: 0 });
    expect(lifted.out).toContain(`${user.email} is no longer suspended; 2 API keys in 2 workspaces work again`);
    for (const ask of [a, b]) {
      for (const key of [one.keys.member.key, inTwo.key]) {
        let status = 0;
        while ((status = (await ask(key)).status) !== 200 && Date.now() - liftedAt < KEY_CACHE_TTL_MS + 1_000) await new Promise((r) => setTimeout(r, 100));
        expect(status).toBe(200);
      }
      expectOpenAiUnauthorized(await ask(laterRevoked.key));
    }
    // They can sign in again; the sessions that were ended stay ended.
    expect(await signInWithPassword({ email: user.email, password: user.password, ip: "203.0.113.9" })).toMatchObject({ ok: true });
    expect(await validateSession(session.id, user.id)).toBeNull();
    expect((await auditOf(one.workspaceId, "api_key.unsuspended")).map((e) => e.targetId)).toEqual([one.keys.member.record.id]);
    expect(
      (await db().operatorAuditEvent.findMany({ where: { targetId: user.id }, orderBy: { createdAt: "asc" }, select: { action: true } })).map((r) => r.action),
    ).toEqual(["user.suspended", "user.unsuspended"]);
    expect(cli(["user:unsuspend", "--email", "nobody@example.test"])).toMatchObject({ code: 1 });
  }, 90_000);
});
