import { db } from "../../lib/db";
import { hashPassword } from "../../lib/auth/password";
import { createWorkspace } from "../../lib/workspaces";
import { uniqueEmail } from "./db";

let cachedHash: Promise<string> | undefined;

/** A user with a known password (hashed once per worker: argon2id is deliberately slow). */
export async function makeUser(tag = "user", password = "correct horse battery staple", opts: { verified?: boolean } = {}) {
  cachedHash ??= hashPassword(password);
  const email = uniqueEmail(tag);
  const user = await db().user.create({ data: { email, name: tag, passwordHash: await cachedHash, emailVerifiedAt: opts.verified === false ? null : new Date() } });
  return { ...user, password };
}

export async function makeWorkspace(name: string) {
  const owner = await makeUser(`${name}-owner`);
  const workspace = await createWorkspace({ name, ownerId: owner.id });
  return { workspace, owner };
}
