/**
 * Run as a child process by e2e tests (`node --import tsx e2e/helpers/seed-roles.ts`):
 * creates a workspace with an Owner, an Admin and a Member, plus a user who belongs
 * to no workspace, in the e2e server's database, and prints them as JSON.
 * It shares the embedded Postgres that the running e2e server started.
 */
import { randomBytes } from "node:crypto";
import { publishRuntimeEnv } from "../../lib/env";
import { db, disconnectPrisma, withWorkspace } from "../../lib/db";
import { hashPassword } from "../../lib/auth/password";
import { createWorkspace } from "../../lib/workspaces";
import { prepareRuntime } from "../../server/bootstrap";

publishRuntimeEnv({ AURIKO_DATA_DIR: ".data/e2e", AURIKO_EMBEDDED_PG_PORT: "54349", LOG_LEVEL: "error" });
const rt = await prepareRuntime({ migrate: false });
const tag = randomBytes(3).toString("hex");
const password = `e2e passphrase ${tag} long`;
const hash = await hashPassword(password);
const make = (role: string) =>
  db().user.create({ data: { email: `${role.toLowerCase()}-${tag}@example.test`, name: `${role} ${tag}`, passwordHash: hash, emailVerifiedAt: new Date() } });

const owner = await make("OWNER");
const admin = await make("ADMIN");
const member = await make("MEMBER");
const stranger = await make("NONMEMBER");
const ws = await createWorkspace({ name: `Roles ${tag}`, ownerId: owner.id, ownerEmail: owner.email });
await withWorkspace(ws.id, async (tx) => {
  await tx.membership.create({ data: { workspaceId: ws.id, userId: admin.id, role: "ADMIN" } });
  await tx.membership.create({ data: { workspaceId: ws.id, userId: member.id, role: "MEMBER" } });
});
process.stdout.write(
  JSON.stringify({
    slug: ws.slug,
    password,
    users: { OWNER: owner.email, ADMIN: admin.email, MEMBER: member.email, NONMEMBER: stranger.email },
  }) + "\n",
);
await disconnectPrisma();
await rt.stop();
