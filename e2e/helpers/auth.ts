import { execFileSync } from "node:child_process";
import { expect, type APIRequestContext, type BrowserContext } from "@playwright/test";
import pg from "pg";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { REPO_ROOT } from "./paths";
import { E2E_DATA_DIR } from "./demo";

export type RoleName = "OWNER" | "ADMIN" | "MEMBER" | "NONMEMBER";
export type SeededRoles = { slug: string; password: string; users: Record<RoleName, string> };

/** A fresh workspace with one user per role, created in the running e2e server's database. */
export function seedRoles(): SeededRoles {
  const out = execFileSync(process.execPath, ["--import", "tsx", "e2e/helpers/seed-roles.ts"], { cwd: REPO_ROOT, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/**
 * Signs in the way the login page does: the password to /api/auth/sign-in, then
 * next-auth's "ticket" provider. Returns the first failing response, or the last one.
 * With MFA on, pass `factor` (a TOTP `code` or a `recoveryCode`).
 */
export async function apiSignIn(
  request: APIRequestContext,
  email: string,
  password: string,
  headers: Record<string, string> = {},
  factor?: { code?: string; recoveryCode?: string },
) {
  const step1 = await request.post("/api/auth/sign-in", { data: { email, password }, headers });
  if (step1.status() !== 200) return step1;
  const { mfaRequired } = (await step1.json()) as { mfaRequired: boolean };
  if (mfaRequired && !factor) return step1;
  return apiCompleteSignIn(request, factor ?? {});
}

export async function apiCompleteSignIn(request: APIRequestContext, factor: { code?: string; recoveryCode?: string }) {
  const csrf = await (await request.get("/api/auth/csrf")).json();
  return request.post("/api/auth/callback/ticket", {
    form: { ...factor, csrfToken: csrf.csrfToken, json: "true" },
    headers: { "X-Auth-Return-Redirect": "1" },
    maxRedirects: 0,
  });
}

export async function apiSignOut(request: APIRequestContext) {
  const csrf = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/signout", { form: { csrfToken: csrf.csrfToken, json: "true" }, maxRedirects: 0 });
  expect(res.status()).toBeLessThan(400);
}

/** Where a console page sends this client: its status, or "login" for the sign-in redirect. */
export async function pageOutcome(request: APIRequestContext, path: string): Promise<number | "login"> {
  const res = await request.get(path, { maxRedirects: 0 });
  const location = res.headers()["location"] ?? "";
  if (res.status() >= 300 && res.status() < 400 && location.includes("/login")) return "login";
  return res.status();
}

export async function copyCookies(from: BrowserContext | APIRequestContext, to: BrowserContext) {
  const state = await from.storageState();
  await to.addCookies(state.cookies);
}

/** Clears the brute-force counters (tests that trip the guard leave the server usable). */
export async function resetThrottle() {
  const secrets = JSON.parse(readFileSync(resolve(REPO_ROOT, E2E_DATA_DIR, "secrets.json"), "utf8"));
  const client = new pg.Client({
    connectionString: `postgresql://postgres:${encodeURIComponent(secrets.pgSuperPassword)}@127.0.0.1:54349/auriko`,
  });
  await client.connect();
  await client.query("DELETE FROM auth_throttle");
  await client.end();
}
