import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAccountAction } from "../../lib/actions/registry";
import { listSessions } from "../../lib/auth/sessions";
import { BrowserClient } from "../support/browser-client";
import { makeUser } from "../support/fixtures";
import { principalOf } from "../support/workspace-fixture";
import { startRunServer } from "../support/run-server";
import type { ServerProcess } from "../support/server-process";

/**
 * Lockout resistance (OWASP device cookies), attacked through the real sign-in endpoint of
 * the production server (`server/start.ts`), which runs on this test run's database so the
 * test can create its users. Each party connects from a loopback address of its own, so
 * the server sees different client addresses, as it would on the internet.
 */
let server: ServerProcess;
let origin = "";
const DEVICE = "auriko.device";
const SESSION = "next-auth.session-token";

function browser(from: string): BrowserClient {
  return new BrowserClient(origin, from);
}

/** A browser that signed in to the account once (so it holds its device cookie), then signed out. */
async function knownBrowser(email: string, password: string, from: string): Promise<BrowserClient> {
  const c = browser(from);
  expect(await c.signIn(email, password)).toBe(200);
  expect(c.jar.get(DEVICE)).toBeTruthy();
  c.jar.delete(SESSION);
  return c;
}

/** Wrong passwords from `attacker` until the account is blocked for at least `seconds` more. */
async function lockAccount(attacker: BrowserClient, email: string, seconds: number) {
  for (let i = 0; i < 60; i++) {
    const res = await attacker.request("/api/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: `wrong guess number ${i}` }),
    });
    if (res.status === 429) {
      const retry = Number(res.headers.get("retry-after"));
      if (retry >= seconds) return;
      // Blocked, but not for long enough yet: keep trying the way an attacker would.
      await new Promise((r) => setTimeout(r, retry * 1000));
    } else {
      expect(res.status).toBe(401);
    }
  }
  throw new Error("the account never got blocked");
}

beforeAll(async () => {
  ({ server, origin } = await startRunServer(".data/devices-test"));
}, 900_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

describe("sign-in lockout resistance (device cookies)", () => {
  it("sets the device cookie after a completed sign-in: HttpOnly, SameSite=Lax, naming the account", async () => {
    const user = await makeUser("device-cookie");
    const c = browser("127.0.0.10");
    expect(await c.password(user.email, user.password)).toBe(200);
    // The password alone is not a completed sign-in: no device cookie yet.
    expect(c.jar.has(DEVICE)).toBe(false);
    expect(await c.signIn(user.email, user.password)).toBe(200);
    const set = c.lastSetCookies.filter((s) => s.name === DEVICE);
    expect(set).toHaveLength(1);
    const attrs = set[0]!.attributes.map((a) => a.toLowerCase());
    expect(attrs).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
    expect(attrs.some((a) => a.startsWith("max-age="))).toBe(true);
    // Over plain http (this server) it cannot be Secure; over https it is (and named __Host-).
    expect(attrs).not.toContain("secure");
    const [version, deviceId, userId] = set[0]!.value.split(".");
    expect([version, userId]).toEqual(["v1", user.id]);

    // Signing in again from the same browser keeps the device id and renews the cookie.
    c.jar.delete(SESSION);
    expect(await c.signIn(user.email, user.password)).toBe(200);
    expect(c.jar.get(DEVICE)!.split(".")[1]).toBe(deviceId);
  });

  it("lets the owner's known browser in while an attacker keeps the account blocked; unknown, forged and other-account cookies are refused", async () => {
    const owner = await makeUser("device-owner");
    const other = await makeUser("device-other");
    const ownerBrowser = await knownBrowser(owner.email, owner.password, "127.0.0.11");
    const otherBrowser = await knownBrowser(other.email, other.password, "127.0.0.13");

    const attacker = browser("127.0.0.12");
    await lockAccount(attacker, owner.email, 8);
    // The attacker keeps going while the owner signs in.
    let attacking = true;
    const attack = (async () => {
      let statuses = 0;
      while (attacking) {
        statuses += (await attacker.password(owner.email, "still guessing 1234")) === 429 ? 1 : 0;
        await new Promise((r) => setTimeout(r, 50));
      }
      return statuses;
    })();

    // Someone with the right password on a browser the account has never seen: refused.
    const stranger = browser("127.0.0.14");
    expect(await stranger.password(owner.email, owner.password)).toBe(429);

    // The owner's browser has its own allowance and gets in, session and all.
    expect(await ownerBrowser.signIn(owner.email, owner.password)).toBe(200);
    expect(await ownerBrowser.whoAmI()).toBe(owner.email);

    // A forged device cookie (the owner's with its signature altered) earns nothing.
    const real = ownerBrowser.jar.get(DEVICE)!;
    const forged = browser("127.0.0.15");
    const tag = real.slice(real.lastIndexOf(".") + 1);
    forged.jar.set(DEVICE, `${real.slice(0, real.lastIndexOf(".") + 1)}${tag[0] === "A" ? "B" : "A"}${tag.slice(1)}`);
    expect(await forged.password(owner.email, owner.password)).toBe(429);
    // Nor does a cookie signed for this device id but another account (the payload changed, the MAC kept).
    const [v, id, , exp, mac] = real.split(".");
    forged.jar.set(DEVICE, [v, id, other.id, exp, mac].join("."));
    expect(await forged.password(owner.email, owner.password)).toBe(429);
    // A genuine device cookie of another account is no allowance for this one.
    expect(await otherBrowser.password(owner.email, owner.password)).toBe(429);
    // ... while it still works for its own account.
    expect(await otherBrowser.signIn(other.email, other.password)).toBe(200);

    // The owner's success did not lift the block for everyone else.
    expect(await stranger.password(owner.email, owner.password)).toBe(429);
    attacking = false;
    expect(await attack).toBeGreaterThan(0);
  });

  it("too many wrong passwords from one known browser lock that browser only", async () => {
    const owner = await makeUser("device-lock");
    const laptop = await knownBrowser(owner.email, owner.password, "127.0.0.21");
    const phone = await knownBrowser(owner.email, owner.password, "127.0.0.22");
    expect(laptop.jar.get(DEVICE)!.split(".")[1]).not.toBe(phone.jar.get(DEVICE)!.split(".")[1]);

    // Ten wrong passwords are the device's allowance; the eleventh failure blocks it.
    for (let i = 0; i < 11; i++) expect(await laptop.password(owner.email, `typo number ${i} here`)).toBe(401);
    expect(await laptop.password(owner.email, owner.password)).toBe(429);

    // The other known browser, and the account's own counter for unknown browsers, are untouched.
    expect(await phone.signIn(owner.email, owner.password)).toBe(200);
    expect(await browser("127.0.0.23").signIn(owner.email, owner.password)).toBe(200);
  });
});

describe("ending one session from the account page's list", () => {
  it("makes that session's cookie stop working at once, and leaves the other session signed in", async () => {
    const user = await makeUser("end-one-session");
    const laptop = browser("127.0.0.31");
    const phone = browser("127.0.0.32");
    expect(await laptop.signIn(user.email, user.password)).toBe(200);
    expect(await phone.signIn(user.email, user.password)).toBe(200);
    expect(await laptop.page("/account")).toBe(200);
    expect(await phone.page("/account")).toBe(200);

    // The list shows both, with the address each signed in from; the laptop ends the phone's.
    const sessions = await listSessions(user.id);
    expect(sessions.map((s) => s.ip).sort()).toEqual(["127.0.0.31", "127.0.0.32"]);
    const phoneSession = sessions.find((s) => s.ip === "127.0.0.32")!;
    const laptopSession = sessions.find((s) => s.ip === "127.0.0.31")!;
    const asLaptop = { ...principalOf(user), sessionId: laptopSession.id };
    expect(await runAccountAction("account.endSession", asLaptop, { sessionId: phoneSession.id })).toEqual({ ok: true, data: { current: false } });

    expect(await phone.page("/account")).toBe("login");
    expect(await laptop.page("/account")).toBe(200);
    expect(await laptop.whoAmI()).toBe(user.email);

    // Someone else's session id is not found (and not ended); an ended one cannot be ended twice.
    const stranger = await makeUser("end-one-stranger");
    expect(await runAccountAction("account.endSession", principalOf(stranger), { sessionId: laptopSession.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await laptop.page("/account")).toBe(200);
    expect(await runAccountAction("account.endSession", asLaptop, { sessionId: phoneSession.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });
});
