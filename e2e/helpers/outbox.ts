import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { E2E_DATA_DIR } from "./demo";
import { REPO_ROOT } from "./paths";

/**
 * Mail the e2e server queued, read from its database the way a mail transport would.
 * Account-level mail (a password reset) has no workspace, so this connects as the
 * superuser of the embedded cluster rather than under a tenant context.
 */
async function superClient(): Promise<pg.Client> {
  const secrets = JSON.parse(readFileSync(resolve(REPO_ROOT, E2E_DATA_DIR, "secrets.json"), "utf8"));
  const client = new pg.Client({
    connectionString: `postgresql://postgres:${encodeURIComponent(secrets.pgSuperPassword)}@127.0.0.1:54349/auriko`,
  });
  await client.connect();
  return client;
}

export type OutboxMail = { workspaceId: string | null; subject: string; body: string };

/** The newest outbox mail of `kind` to `email`, waiting up to `timeoutMs` for it to be queued. */
export async function latestMail(email: string, kind: string, timeoutMs = 10_000): Promise<OutboxMail | null> {
  const client = await superClient();
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await client.query<OutboxMail>(
        `SELECT workspace_id AS "workspaceId", subject, body FROM email_outbox
          WHERE to_email = $1 AND kind = $2 ORDER BY created_at DESC LIMIT 1`,
        [email, kind],
      );
      if (r.rows[0] || Date.now() > until) return r.rows[0] ?? null;
      await new Promise((ok) => setTimeout(ok, 200));
    }
  } finally {
    await client.end();
  }
}

export async function countMail(email: string, kind: string): Promise<number> {
  const client = await superClient();
  try {
    const r = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM email_outbox WHERE to_email = $1 AND kind = $2", [email, kind]);
    return r.rows[0]!.n;
  } finally {
    await client.end();
  }
}
