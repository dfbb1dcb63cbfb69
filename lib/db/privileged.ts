import "server-only";
import type { MfaPolicy, Role } from "./generated/client.ts";
import { basePrisma } from "./client";
import { withRawContext } from "./raw";
import { assertUuid } from "./with-workspace";

/**
 * The only way across workspace boundaries. Each function is narrow, named for its
 * purpose and returns the minimum. None bypasses RLS: they set a narrower context
 * (`app.user_id`: a user's own memberships) for one transaction.
 */

export type WorkspaceMembership = { workspaceId: string; slug: string; name: string; role: Role; mfaPolicy: MfaPolicy };

async function asUser<T>(userId: string, fn: (tx: Parameters<Parameters<ReturnType<typeof basePrisma>["$transaction"]>[0]>[0]) => Promise<T>) {
  assertUuid(userId, "userId");
  return basePrisma().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('app.user_id', ${userId}, true)`;
    return fn(tx);
  });
}

/** The workspaces a user belongs to, for the switcher and the post-sign-in redirect. */
export async function listWorkspacesOfUser(userId: string): Promise<WorkspaceMembership[]> {
  return asUser(userId, async (tx) => {
    const rows = await tx.membership.findMany({
      where: { userId },
      select: { role: true, workspace: { select: { id: true, slug: true, name: true, mfaPolicy: true } } },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => ({ workspaceId: r.workspace.id, slug: r.workspace.slug, name: r.workspace.name, role: r.role, mfaPolicy: r.workspace.mfaPolicy }));
  });
}

/** Resolves a console URL's slug to the caller's membership, or null (not found = not a member). */
export async function findMembershipBySlug(userId: string, slug: string): Promise<WorkspaceMembership | null> {
  return asUser(userId, async (tx) => {
    const row = await tx.membership.findFirst({
      where: { userId, workspace: { slug } },
      select: { role: true, workspace: { select: { id: true, slug: true, name: true, mfaPolicy: true } } },
    });
    return row
      ? { workspaceId: row.workspace.id, slug: row.workspace.slug, name: row.workspace.name, role: row.role, mfaPolicy: row.workspace.mfaPolicy }
      : null;
  });
}

export type InvitationByToken = {
  id: string;
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: Role;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
};

/**
 * The one invitation whose token the caller holds (looked up by the token's hash),
 * with the workspace's name for the acceptance page.
 */
export async function findInvitationByTokenHash(tokenHash: string): Promise<InvitationByToken | null> {
  return basePrisma().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('app.invite_token_hash', ${tokenHash}, true)`;
    const inv = await tx.invitation.findUnique({
      where: { tokenHash },
      select: { id: true, workspaceId: true, email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true },
    });
    if (!inv) return null;
    await tx.$queryRaw`SELECT set_config('app.workspace_id', ${inv.workspaceId}, true)`;
    const ws = await tx.workspace.findUnique({ where: { id: inv.workspaceId }, select: { name: true } });
    return { ...inv, workspaceName: ws?.name ?? "" };
  });
}

/**
 * Every workspace id, for maintenance that must visit each tenant in turn (master-key
 * rotation, retention). The context `app.enumerate_workspaces` reveals only the
 * workspaces table; each tenant's rows are then read inside withWorkspace.
 */
export async function listAllWorkspaceIds(): Promise<string[]> {
  return withRawContext({ "app.enumerate_workspaces": "on" }, async (client) =>
    (await client.query<{ id: string }>("SELECT id FROM workspaces ORDER BY created_at")).rows.map((r) => r.id),
  );
}

export type SealedCredentialSample = { workspaceId: string; id: string; provider: string; sealedKey: string };

/**
 * A random sample of stored provider keys, sealed as stored, from up to `max` credentials
 * and at most `perWorkspace` of each workspace, for the master-key check only
 * (lib/credentials/key-check.ts). Read one tenant context at a time by
 * `vault_key_check_sample` (migration 20261208000000), under the usual policies.
 */
export async function sampleSealedCredentials(max: number, perWorkspace: number): Promise<SealedCredentialSample[]> {
  return withRawContext({}, async (client) =>
    (
      await client.query<SealedCredentialSample>(
        `SELECT workspace_id AS "workspaceId", credential_id AS id, provider, sealed_key AS "sealedKey"
           FROM vault_key_check_sample($1, $2)`,
        [max, perWorkspace],
      )
    ).rows,
  );
}

export type ApiKeyRecord = {
  id: string;
  workspaceId: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** The key's creator is suspended (user:suspend): refused until they are unsuspended. */
  ownerSuspended: boolean;
};

/**
 * The API key whose SHA-256 the caller presents (the proxy's authentication; the raw pool,
 * lib/db/raw.ts), with its creator's suspension read in the same query, so the cached
 * lookup answers both and the hot path gains no round trip.
 */
export async function findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null> {
  const rows = await withRawContext({ "app.api_key_hash": keyHash }, async (client) =>
    (
      await client.query<ApiKeyRecord>(
        `SELECT k.id, k.workspace_id AS "workspaceId", k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt",
                (u.suspended_at IS NOT NULL) AS "ownerSuspended"
           FROM api_keys k LEFT JOIN users u ON u.id = k.created_by
          WHERE k.key_hash = $1`,
        [keyHash],
      )
    ).rows,
  );
  return rows[0] ?? null;
}

/** A workspace by slug, for the operator CLI (which acts without a session). */
export async function findWorkspaceBySlugForOperator(slug: string) {
  return basePrisma().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('app.enumerate_workspaces', 'on', true)`;
    const ws = await tx.workspace.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
    if (!ws) return null;
    await tx.$queryRaw`SELECT set_config('app.workspace_id', ${ws.id}, true)`;
    const owner = await tx.membership.findFirst({
      where: { workspaceId: ws.id, role: "OWNER" },
      orderBy: { createdAt: "asc" },
      select: { userId: true, user: { select: { email: true } } },
    });
    return { ...ws, firstOwner: owner ? { userId: owner.userId, email: owner.user.email } : null };
  });
}

export type WorkspaceForOperator = { id: string; slug: string; name: string };

/**
 * Every workspace's id, slug and name, for an operator naming the workspaces a security
 * incident affects. Nothing else of a tenant is readable under this context.
 */
export async function listWorkspacesForOperator(): Promise<WorkspaceForOperator[]> {
  return basePrisma().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('app.enumerate_workspaces', 'on', true)`;
    return tx.workspace.findMany({ select: { id: true, slug: true, name: true }, orderBy: [{ name: "asc" }, { slug: "asc" }] });
  });
}

export type AccountTx = Parameters<Parameters<ReturnType<typeof basePrisma>["$transaction"]>[0]>[0];

/**
 * One transaction under `app.account_outbox`: the context that shows and accepts only
 * account-level outbox rows (workspace_id IS NULL, e.g. a password reset) and no
 * tenant's row. Account tables without RLS (users, sessions, reset tokens) are written
 * in the same transaction, so a reset token and its email commit together.
 */
export async function withAccountOutbox<T>(fn: (tx: AccountTx) => Promise<T>): Promise<T> {
  return basePrisma().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('app.account_outbox', 'on', true)`;
    return fn(tx);
  });
}
