import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { childEnv } from "../support/db";
import { authenticateApiKey } from "../../lib/keys";
import { withWorkspace } from "../../lib/db";
import { findWorkspaceBySlugForOperator } from "../../lib/db/privileged";

/** The operator CLI, run as a real child process against the test database. */
function cli(args: string[], stdin?: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    input: stdin,
    encoding: "utf8",
    env: childEnv({ LOG_LEVEL: "error" }),
  });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe("operator CLI", () => {
  it("creates a user, a workspace, a provider key and an API key, and rotates the vault", async () => {
    const email = `ops-${randomBytes(3).toString("hex")}@example.test`;
    expect(cli(["user:create", "--email", email, "--password-stdin"], "short\n")).toMatchObject({ code: 1 });
    expect(cli(["user:create", "--email", email, "--password-stdin"], "a long operator passphrase\n")).toMatchObject({ code: 0 });

    const ws = cli(["workspace:create", "--name", "Ops Platform", "--owner", email]);
    expect(ws.code).toBe(0);
    expect(ws.out).toMatch(/^ops-platform-[a-km-z2-9]{8}$/);
    const slug = ws.out;

    const canary = `sk-cli-${randomBytes(10).toString("hex")}`;
    const set = cli(["provider:set", "--workspace", slug, "--provider", "openai"], `${canary}\n`);
    expect(set).toMatchObject({ code: 0, out: `stored openai key ending in ${canary.slice(-4)}` });
    expect(set.out + set.err).not.toContain(canary);
    expect(cli(["provider:set", "--workspace", slug, "--provider", "openai"], `${canary}x\n`).out).toMatch(/^replaced openai/);
    expect(cli(["provider:set", "--workspace", slug, "--provider", "nope"], "x\n")).toMatchObject({ code: 1 });

    const key = cli(["apikey:create", "--workspace", slug, "--name", "deploy bot"]);
    expect(key.code).toBe(0);
    expect(key.out).toMatch(/^ak_live_[0-9A-Za-z]{32}$/);
    const found = await findWorkspaceBySlugForOperator(slug);
    expect(await authenticateApiKey(key.out)).toMatchObject({ workspaceId: found!.id });

    // Limits: set on the key by its prefix and on the workspace, shown back; bad values refused.
    const prefix = key.out.slice(0, 12);
    expect(cli(["limits:set", "--workspace", slug, "--key", prefix, "--rpm", "60", "--spend-day", "2.5", "--models", "openai/gpt-4o-mini,anthropic/*"])).toMatchObject({
      code: 0,
      out: "USD 2.5/day, 60 requests/min, models: openai/gpt-4o-mini anthropic/*",
    });
    expect(cli(["limits:show", "--workspace", slug, "--key", prefix]).out).toMatch(/^USD 2\.5\/day, 60 requests\/min.*\nrpm: 0 of 60 \(resets .*Z\)\nspend_day: 0 of 2500000/s);
    expect(cli(["limits:set", "--workspace", slug, "--rpm", "-1"])).toMatchObject({ code: 1 });
    expect(cli(["limits:set", "--workspace", slug, "--tokens-month", "1000000"]).out).toBe("1000000 tokens/month");
    expect(cli(["limits:set", "--workspace", slug, "--key", "ak_live_nope"])).toMatchObject({ code: 1 });

    const rotated = cli(["vault:rotate", "--workspace", slug]);
    expect(rotated).toMatchObject({ code: 0 });
    expect(rotated.out).toMatch(/workspaces: 1, re-sealed: 0, already current: 1/);

    const audit = await withWorkspace(found!.id, (tx) => tx.auditEvent.findMany({ select: { action: true, ip: true } }));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["workspace.created", "credential.created", "credential.replaced", "api_key.created", "limits.changed"]));
  }, 60_000);
});
