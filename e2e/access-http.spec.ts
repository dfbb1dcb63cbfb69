import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { pageExpectations } from "../tests/integration/authz-expectations";
import { apiSignIn, apiSignOut, pageOutcome, resetThrottle, seedRoles, type RoleName } from "./helpers/auth";

const baseURL = "http://127.0.0.1:3100";
const newClient = () => playwrightRequest.newContext({ baseURL });

test.describe("console access over HTTP", () => {
  test.afterAll(async () => {
    await resetThrottle();
  });

  test("every console page answers each role as the checked-in table says", async () => {
    const seeded = seedRoles();
    const got: Record<string, Record<string, number | "login">> = {};
    const clients: Partial<Record<RoleName | "ANON", Awaited<ReturnType<typeof newClient>>>> = { ANON: await newClient() };
    for (const role of ["OWNER", "ADMIN", "MEMBER", "NONMEMBER"] as RoleName[]) {
      const c = await newClient();
      const res = await apiSignIn(c, seeded.users[role], seeded.password);
      expect(res.status(), `sign-in as ${role}`).toBe(200);
      clients[role] = c;
    }
    for (const [path, expected] of Object.entries(pageExpectations)) {
      got[path] = {};
      for (const actor of Object.keys(expected)) {
        got[path][actor] = await pageOutcome(clients[actor as RoleName]!, path.replace("[slug]", seeded.slug));
      }
    }
    expect(got).toEqual(pageExpectations);
    // A workspace that does not exist looks the same as one the user is not in.
    expect(await pageOutcome(clients.OWNER!, "/w/no-such-workspace-here")).toBe(404);
    for (const c of Object.values(clients)) await c!.dispose();
  });

  test("a copied session cookie stops working after sign-out", async () => {
    const seeded = seedRoles();
    const victim = await newClient();
    expect((await apiSignIn(victim, seeded.users.MEMBER, seeded.password)).status()).toBe(200);
    const thief = await playwrightRequest.newContext({ baseURL, storageState: await victim.storageState() });
    expect(await pageOutcome(thief, `/w/${seeded.slug}`)).toBe(200);
    await apiSignOut(victim);
    expect(await pageOutcome(thief, `/w/${seeded.slug}`)).toBe("login");
    await victim.dispose();
    await thief.dispose();
  });

  test("repeated failures get 429 with Retry-After, and the same answer for unknown and real accounts", async () => {
    const seeded = seedRoles();
    const c = await newClient();
    const unknown = `ghost-${randomBytes(4).toString("hex")}@example.test`;
    const wrongReal = await apiSignIn(c, seeded.users.ADMIN, "definitely not it");
    const wrongUnknown = await apiSignIn(c, unknown, "definitely not it");
    expect(wrongReal.status()).toBe(401);
    expect(wrongUnknown.status()).toBe(401);
    expect(await wrongReal.json()).toEqual(await wrongUnknown.json());

    // A client-chosen X-Forwarded-For does not give it a fresh bucket.
    let last = wrongReal;
    for (let i = 0; i < 6; i++) {
      last = await apiSignIn(c, seeded.users.ADMIN, "definitely not it", { "X-Forwarded-For": `198.51.100.${i + 1}` });
    }
    expect(last.status()).toBe(429);
    expect(Number(last.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
    // Even the right password is refused while blocked, without saying whether it was right.
    const blocked = await apiSignIn(c, seeded.users.ADMIN, seeded.password);
    expect(blocked.status()).toBe(429);

    await new Promise((r) => setTimeout(r, (Number(blocked.headers()["retry-after"]) + 0.5) * 1000));
    expect((await apiSignIn(c, seeded.users.ADMIN, seeded.password)).status()).toBe(200);
    await c.dispose();
  });

  test("the client address bucket ignores X-Forwarded-For from the client", async () => {
    await resetThrottle();
    const c = await newClient();
    let last;
    for (let i = 0; i < 21; i++) {
      const email = `spray-${i}-${randomBytes(3).toString("hex")}@example.test`;
      last = await apiSignIn(c, email, "password guess 1", { "X-Forwarded-For": `203.0.113.${i + 1}` });
    }
    // Twenty-one different accounts from "different" forwarded addresses: one socket, one bucket.
    const next = await apiSignIn(c, `fresh-${randomBytes(3).toString("hex")}@example.test`, "password guess 1", {
      "X-Forwarded-For": "192.0.2.200",
    });
    expect(last!.status()).toBe(401);
    expect(next.status()).toBe(429);
    await resetThrottle();
    await c.dispose();
  });
});
