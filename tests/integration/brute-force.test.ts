import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkGuard, recordFailure } from "../../lib/brute-force";
import { signInKeys, SIGN_IN_LIMITS } from "../../lib/auth/brute-force";
import { signInWithPassword } from "../../lib/auth/sign-in";
import { makeUser } from "../support/fixtures";

const ip = () => `198.51.100.${randomBytes(1)[0]}`;
const freshIp = () => `2001:db8::${randomBytes(2).toString("hex")}`;

describe("brute-force guard on sign-in", () => {
  it("blocks an account after repeated failures, across client addresses, then lets the owner in after the block", async () => {
    const user = await makeUser("bf-account");
    const outcomes = [];
    for (let i = 0; i < SIGN_IN_LIMITS.account.free + 1; i++) {
      outcomes.push(await signInWithPassword({ email: user.email, password: "wrong password here", ip: freshIp() }));
    }
    expect(outcomes.every((o) => !o.ok && o.reason === "invalid")).toBe(true);
    const blocked = await signInWithPassword({ email: user.email, password: user.password, ip: freshIp() });
    expect(blocked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((blocked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);

    await new Promise((r) => setTimeout(r, ((blocked as { retryAfterSeconds: number }).retryAfterSeconds + 0.2) * 1000));
    const after = await signInWithPassword({ email: user.email, password: user.password, ip: freshIp() });
    expect(after.ok).toBe(true);
    // Success resets the account's counter: one more mistake does not block again.
    const oneMiss = await signInWithPassword({ email: user.email, password: "nope nope nope", ip: freshIp() });
    expect(oneMiss).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("blocks one client address trying many accounts", async () => {
    const addr = ip();
    for (let i = 0; i < SIGN_IN_LIMITS.ip.free + 1; i++) {
      await signInWithPassword({ email: `nobody-${i}-${randomBytes(3).toString("hex")}@example.test`, password: "x".repeat(12), ip: addr });
    }
    const user = await makeUser("bf-ip");
    const blocked = await signInWithPassword({ email: user.email, password: user.password, ip: addr });
    expect(blocked).toMatchObject({ ok: false, reason: "rate_limited" });
    // Another address is unaffected.
    expect((await signInWithPassword({ email: user.email, password: user.password, ip: freshIp() })).ok).toBe(true);
  });

  it("waits grow with failures and are capped", async () => {
    const keys = [{ key: `test:${randomBytes(6).toString("hex")}`, limit: { free: 2, baseSeconds: 1, capSeconds: 8, quietSeconds: 3600 } }];
    const waits = [];
    for (let i = 0; i < 8; i++) {
      const v = await recordFailure(keys);
      waits.push(v.blocked ? v.retryAfterSeconds : 0);
    }
    expect(waits).toEqual([0, 0, 1, 2, 4, 8, 8, 8]);
    expect(await checkGuard(keys)).toMatchObject({ blocked: true });
  });

  it("gives the same answer for an unknown email, a wrong password, and a blocked unknown or known account", async () => {
    const user = await makeUser("bf-enum");
    const unknown = `ghost-${randomBytes(4).toString("hex")}@example.test`;
    const a = await signInWithPassword({ email: unknown, password: "whatever whatever", ip: freshIp() });
    const b = await signInWithPassword({ email: user.email, password: "whatever whatever", ip: freshIp() });
    expect(a).toEqual(b);
    for (let i = 0; i < SIGN_IN_LIMITS.account.free; i++) {
      await signInWithPassword({ email: unknown, password: "whatever whatever", ip: freshIp() });
      await signInWithPassword({ email: user.email, password: "whatever whatever", ip: freshIp() });
    }
    const ca = await signInWithPassword({ email: unknown, password: "whatever whatever", ip: freshIp() });
    const cb = await signInWithPassword({ email: user.email, password: "whatever whatever", ip: freshIp() });
    expect(ca).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(cb).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("spends a password hash on unknown emails too (no fast path that reveals them)", async () => {
    const user = await makeUser("bf-timing");
    const time = async (email: string) => {
      const t = performance.now();
      await signInWithPassword({ email, password: "not the password 1", ip: freshIp() });
      return performance.now() - t;
    };
    const median = (xs: number[]) => xs.sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time(user.email));
      unknown.push(await time(`ghost-${randomBytes(4).toString("hex")}@example.test`));
    }
    // Without the dummy hash an unknown email answers in about a millisecond.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });

  it("keys the account bucket by a digest, never the email itself", () => {
    const keys = signInKeys("Someone@Example.test", "192.0.2.1");
    expect(keys[0]!.key).not.toMatch(/someone|example/i);
    expect(signInKeys("someone@example.test", "192.0.2.1")[0]!.key).toBe(keys[0]!.key);
  });
});
