import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";

// Everything the code under test hands to the logger, before pino's redaction (the second wall).
const logged = vi.hoisted(() => [] as unknown[]);
vi.mock("../../lib/log", () => {
  const recorder = (component: string): unknown =>
    new Proxy({}, {
      get: (_t, prop) => (prop === "child" ? () => recorder(component) : (...args: unknown[]) => void logged.push({ component, level: prop, args })),
    });
  return { logger: () => recorder("root"), childLogger: (c: string) => recorder(c) };
});

import { POST as requestReset } from "../../app/api/auth/password-reset/route";
import {
  completePasswordReset,
  hashResetToken,
  inspectResetToken,
  PASSWORD_RESET_EMAIL_KIND,
  requestPasswordReset,
  RESET_LIMITS,
  RESET_TOKEN_TTL_MINUTES,
} from "../../lib/auth/password-reset";
import { createSession, validateSession } from "../../lib/auth/sessions";
import { issueTicket, peekTicket } from "../../lib/auth/sign-in-ticket";
import { signInWithPassword } from "../../lib/auth/sign-in";
import { db, withWorkspace } from "../../lib/db";
import { withAccountOutbox } from "../../lib/db/privileged";
import { createWorkspace } from "../../lib/workspaces";
import { childEnv, connect, superDbUrl, uniqueEmail } from "../support/db";
import { makeUser } from "../support/fixtures";
import { enableMfa } from "../support/mfa";

const NEW_PASSWORD = "a brand new recovery passphrase";
const ip = () => `2001:db8:5::${randomBytes(2).toString("hex")}`;

afterEach(() => {
  vi.useRealTimers();
});

/** The reset emails queued for an address (account-level rows: readable only under app.account_outbox). */
async function resetMail(email: string) {
  return withAccountOutbox((tx) => tx.emailOutbox.findMany({ where: { toEmail: email, kind: PASSWORD_RESET_EMAIL_KIND }, orderBy: { createdAt: "asc" } }));
}

function tokenIn(body: string): string {
  const m = /\/reset-password\/([A-Za-z0-9_-]{43})\b/.exec(body);
  if (!m) throw new Error("no reset link in the email");
  return m[1]!;
}

/** Asks for a link through the service (awaited) and returns the token from the queued email. */
async function linkFor(email: string): Promise<string> {
  await requestPasswordReset({ email, ip: ip() });
  const mail = await resetMail(email);
  return tokenIn(mail.at(-1)!.body);
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const post = (email: unknown, clientIp = ip()) =>
  requestReset(
    new Request("http://localhost/api/auth/password-reset", {
      method: "POST",
      headers: { "content-type": "application/json", "x-auriko-client-ip": clientIp },
      body: JSON.stringify({ email }),
    }),
  );

describe("password reset request", () => {
  it("answers the same status and body for a known and an unknown address, and mails only the known one", async () => {
    const user = await makeUser("reset-known");
    const unknown = uniqueEmail("reset-nobody");
    const [a, b] = [await post(user.email.toUpperCase()), await post(unknown)];
    expect(a.status).toBe(202);
    expect(b.status).toBe(a.status);
    expect(await b.text()).toBe(await a.text());
    expect(b.headers.get("cache-control")).toBe(a.headers.get("cache-control"));

    const mail = await eventually(() => resetMail(user.email), (m) => m.length === 1);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ workspaceId: null, subject: "Reset your Auriko password" });
    expect(mail[0]!.body).toContain(`${RESET_TOKEN_TTL_MINUTES} minutes`);
    expect(await resetMail(unknown)).toEqual([]);
    expect(await db().passwordResetToken.count({ where: { user: { email: unknown } } })).toBe(0);

    // A malformed address is refused the same way whoever asks.
    expect((await post("not an address")).status).toBe(400);
  });

  it("rate-limits requests per address identically whether or not it has an account", async () => {
    const user = await makeUser("reset-flood");
    const unknown = uniqueEmail("reset-flood-nobody");
    const statuses = async (email: string) => {
      const out = [];
      for (let i = 0; i < RESET_LIMITS.account.free + 2; i++) out.push((await post(email)).status);
      return out;
    };
    // The guard's usual count: `free` requests, then the next one starts a wait.
    const known = await statuses(user.email);
    expect(known).toEqual([...Array(RESET_LIMITS.account.free + 1).fill(202), 429]);
    expect(await statuses(unknown)).toEqual(known);
    const blocked = await post(user.email);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("stores only the token's hash; the email lives in an account-level outbox row that no tenant context shows", async () => {
    const user = await makeUser("reset-rls");
    const ws = await createWorkspace({ name: "Reset RLS", ownerId: user.id, ownerEmail: user.email });
    const token = await linkFor(user.email);

    const su = await connect(superDbUrl());
    try {
      const byHash = await su.query("SELECT count(*)::int AS n FROM password_reset_tokens WHERE token_hash = $1", [hashResetToken(token)]);
      const plain = await su.query("SELECT count(*)::int AS n FROM password_reset_tokens WHERE token_hash = $1", [token]);
      expect([byHash.rows[0].n, plain.rows[0].n]).toEqual([1, 0]);
      // A workspace-less row of a tenant kind is refused by the table itself.
      await expect(su.query("INSERT INTO email_outbox (to_email, subject, body, kind) VALUES ('a@b.c', 's', 'b', 'invitation')")).rejects.toThrow(/email_outbox_account_kind_check/);
    } finally {
      await su.end();
    }

    // The user's own workspace context does not show their reset email, nor can it write one.
    expect(await withWorkspace(ws.id, (tx) => tx.emailOutbox.findMany({ where: { kind: PASSWORD_RESET_EMAIL_KIND } }))).toEqual([]);
    await expect(
      withWorkspace(ws.id, (tx) => tx.emailOutbox.create({ data: { workspaceId: null, toEmail: user.email, kind: PASSWORD_RESET_EMAIL_KIND, subject: "s", body: "b" } })),
    ).rejects.toThrow();
    // The account context shows no tenant's mail, and cannot write into a workspace.
    const seen = await withAccountOutbox((tx) => tx.emailOutbox.findMany({ select: { workspaceId: true } }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.workspaceId === null)).toBe(true);
    await expect(
      withAccountOutbox((tx) => tx.emailOutbox.create({ data: { workspaceId: ws.id, toEmail: user.email, kind: "invitation", subject: "s", body: "b" } })),
    ).rejects.toThrow();
  });
});

describe("password reset token", () => {
  it("works once: the password changes and a second use is refused as used", async () => {
    const user = await makeUser("reset-once");
    const token = await linkFor(user.email);
    expect(await inspectResetToken(token, ip())).toMatchObject({ email: user.email });
    await completePasswordReset({ token, password: NEW_PASSWORD, ip: ip() });
    await expect(completePasswordReset({ token, password: `${NEW_PASSWORD} again`, ip: ip() })).rejects.toMatchObject({ code: "RESET_TOKEN_USED", status: 410 });
    await expect(inspectResetToken(token, ip())).rejects.toMatchObject({ code: "RESET_TOKEN_USED" });
    expect(await signInWithPassword({ email: user.email, password: user.password, ip: ip() })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await signInWithPassword({ email: user.email, password: NEW_PASSWORD, ip: ip() })).toMatchObject({ ok: true });
  });

  it("two concurrent uses of one token: exactly one succeeds", async () => {
    const user = await makeUser("reset-race");
    const token = await linkFor(user.email);
    const results = await Promise.allSettled([
      completePasswordReset({ token, password: `${NEW_PASSWORD} one`, ip: ip() }),
      completePasswordReset({ token, password: `${NEW_PASSWORD} two`, ip: ip() }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "RESET_TOKEN_USED" } });
  });

  it(`expires ${RESET_TOKEN_TTL_MINUTES} minutes after it was issued`, async () => {
    const user = await makeUser("reset-expiry");
    const issuedAt = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: issuedAt });
    const token = await linkFor(user.email);
    const row = await db().passwordResetToken.findUniqueOrThrow({ where: { tokenHash: hashResetToken(token) } });
    expect(row.expiresAt.getTime() - issuedAt).toBe(RESET_TOKEN_TTL_MINUTES * 60_000);

    vi.setSystemTime(issuedAt + RESET_TOKEN_TTL_MINUTES * 60_000 - 1000);
    expect(await inspectResetToken(token, ip())).toMatchObject({ email: user.email });
    vi.setSystemTime(issuedAt + RESET_TOKEN_TTL_MINUTES * 60_000);
    await expect(inspectResetToken(token, ip())).rejects.toMatchObject({ code: "RESET_TOKEN_EXPIRED" });
    await expect(completePasswordReset({ token, password: NEW_PASSWORD, ip: ip() })).rejects.toMatchObject({ code: "RESET_TOKEN_EXPIRED" });
    vi.useRealTimers();
    expect(await signInWithPassword({ email: user.email, password: user.password, ip: ip() })).toMatchObject({ ok: true });
  });

  it("is superseded by a newer link", async () => {
    const user = await makeUser("reset-newer");
    const first = await linkFor(user.email);
    const second = await linkFor(user.email);
    expect(second).not.toBe(first);
    await expect(completePasswordReset({ token: first, password: NEW_PASSWORD, ip: ip() })).rejects.toMatchObject({ code: "RESET_TOKEN_SUPERSEDED" });
    await completePasswordReset({ token: second, password: NEW_PASSWORD, ip: ip() });
    // Using the newest link does not revive the older one.
    await expect(inspectResetToken(first, ip())).rejects.toMatchObject({ code: "RESET_TOKEN_SUPERSEDED" });
  });

  it("refuses a token it never issued, and blocks a client address that keeps guessing", async () => {
    const guesser = ip();
    await expect(inspectResetToken("x".repeat(43), guesser)).rejects.toMatchObject({ code: "RESET_TOKEN_INVALID" });
    await expect(inspectResetToken("../../etc", guesser)).rejects.toMatchObject({ code: "RESET_TOKEN_INVALID" });
    for (let i = 2; i < RESET_LIMITS.token.free; i++) {
      await expect(completePasswordReset({ token: randomBytes(32).toString("base64url"), password: NEW_PASSWORD, ip: guesser })).rejects.toMatchObject({ code: "RESET_TOKEN_INVALID" });
    }
    await expect(inspectResetToken(randomBytes(32).toString("base64url"), guesser)).rejects.toMatchObject({ code: "RESET_TOKEN_INVALID" });
    // Now blocked: even a valid token is not looked at from this address, and it still works from another.
    const user = await makeUser("reset-guarded");
    const token = await linkFor(user.email);
    await expect(completePasswordReset({ token, password: NEW_PASSWORD, ip: guesser })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await completePasswordReset({ token, password: NEW_PASSWORD, ip: ip() });
  });

  it("applies the password policy, and a refused password leaves the link working", async () => {
    const user = await makeUser("resetpolicy");
    const token = await linkFor(user.email);
    await expect(completePasswordReset({ token, password: "short", ip: ip() })).rejects.toMatchObject({ code: "WEAK_PASSWORD" });
    await expect(completePasswordReset({ token, password: "password1234", ip: ip() })).rejects.toMatchObject({ code: "WEAK_PASSWORD" });
    await expect(completePasswordReset({ token, password: `my ${user.email.split("@")[0]} passphrase`, ip: ip() })).rejects.toMatchObject({ code: "WEAK_PASSWORD" });
    expect(await signInWithPassword({ email: user.email, password: user.password, ip: ip() })).toMatchObject({ ok: true });
    await completePasswordReset({ token, password: NEW_PASSWORD, ip: ip() });
  });
});

describe("after a reset", () => {
  it("every session and pending sign-in of the user has ended; other users' have not", async () => {
    const user = await makeUser("reset-sessions");
    const bystander = await makeUser("reset-bystander");
    const s1 = await createSession(user.id, { ip: "192.0.2.10" });
    const s2 = await createSession(user.id, { ip: "192.0.2.11" });
    const other = await createSession(bystander.id, {});
    const ticket = await issueTicket(user.id, false, "192.0.2.12");
    const token = await linkFor(user.email);
    expect(await validateSession(s1.id, user.id)).not.toBeNull();

    await completePasswordReset({ token, password: NEW_PASSWORD, ip: ip() });
    expect(await validateSession(s1.id, user.id)).toBeNull();
    expect(await validateSession(s2.id, user.id)).toBeNull();
    expect(await db().userSession.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await peekTicket(ticket)).toBeNull();
    expect(await validateSession(other.id, bystander.id)).not.toBeNull();
  });

  it("two-factor authentication is still on and still required at the next sign-in", async () => {
    const user = await makeUser("reset-mfa");
    await enableMfa(user);
    const before = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { mfaEnabledAt: true, totpSecretSealed: true } });
    const codesBefore = await db().mfaRecoveryCode.count({ where: { userId: user.id, usedAt: null } });

    await completePasswordReset({ token: await linkFor(user.email), password: NEW_PASSWORD, ip: ip() });

    const after = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { mfaEnabledAt: true, totpSecretSealed: true } });
    expect(after).toEqual(before);
    expect(after.mfaEnabledAt).not.toBeNull();
    expect(await db().mfaRecoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(codesBefore);
    expect(await signInWithPassword({ email: user.email, password: NEW_PASSWORD, ip: ip() })).toMatchObject({ ok: true, mfaRequired: true });
  });

  it("the audit log records the request and the reset; no log line, audit row or token row holds the token or the password", async () => {
    logged.length = 0;
    const user = await makeUser("reset-audit");
    const ws = await createWorkspace({ name: "Reset audit", ownerId: user.id, ownerEmail: user.email });
    const res = await post(user.email);
    expect(res.status).toBe(202);
    const mail = await eventually(() => resetMail(user.email), (m) => m.length === 1);
    const token = tokenIn(mail[0]!.body);
    await completePasswordReset({ token, password: NEW_PASSWORD, ip: ip() });
    await expect(completePasswordReset({ token, password: `${NEW_PASSWORD} x`, ip: ip() })).rejects.toBeTruthy();

    const audit = await eventually(
      () => withWorkspace(ws.id, (tx) => tx.auditEvent.findMany({ where: { action: { startsWith: "auth.password_reset" } } })),
      (rows) => rows.length === 2,
    );
    expect(audit.map((a) => a.action).sort()).toEqual(["auth.password_reset", "auth.password_reset_requested"]);

    const messages = logged.map((l) => JSON.stringify((l as { args: unknown[] }).args)).join("\n");
    expect(messages).toContain("password reset link issued");
    expect(messages).toContain("password reset with an emailed link");
    expect(messages).toContain("password reset token refused");
    const tokenRows = await db().passwordResetToken.findMany({ where: { userId: user.id } });
    for (const text of [messages, JSON.stringify(audit), JSON.stringify(tokenRows)]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(NEW_PASSWORD);
      expect(text).not.toContain("/reset-password/");
    }
  });
});

describe("user:password-reset (operator CLI)", () => {
  function cli(args: string[]) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { encoding: "utf8", env: childEnv({ LOG_LEVEL: "info" }) });
    return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
  }

  it("prints a working link on stdout only, queues the same link in the outbox, and supersedes older links", async () => {
    const user = await makeUser("reset-cli");
    const older = await linkFor(user.email);
    const r = cli(["user:password-reset", "--email", user.email.toUpperCase()]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^https?:\/\/[^/\s]+\/reset-password\/[A-Za-z0-9_-]{43}$/);
    const token = tokenIn(r.out);
    expect(r.err).toContain(`${RESET_TOKEN_TTL_MINUTES} minutes`);
    expect(r.err).not.toContain(token);
    expect(tokenIn((await resetMail(user.email)).at(-1)!.body)).toBe(token);
    await expect(inspectResetToken(older, ip())).rejects.toMatchObject({ code: "RESET_TOKEN_SUPERSEDED" });
    await completePasswordReset({ token, password: NEW_PASSWORD, ip: ip() });

    expect(cli(["user:password-reset", "--email", uniqueEmail("cli-nobody")])).toMatchObject({ code: 1, out: "" });
    expect(cli(["user:password-reset"])).toMatchObject({ code: 1 });
  });
});
