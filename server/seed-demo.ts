import { db } from "../lib/db";
import { hashPassword } from "../lib/auth/password";
import { createWorkspace } from "../lib/workspaces";

export const DEMO_EMAIL = "demo@auriko.local";

/** Seeds a demo user and workspace, on an empty database only. Returns whether it did. */
export async function seedDemo(password: string): Promise<{ seeded: boolean; slug?: string }> {
  if ((await db().user.count()) > 0) return { seeded: false };
  const user = await db().user.create({
    data: { email: DEMO_EMAIL, name: "Demo User", passwordHash: await hashPassword(password) },
  });
  const ws = await createWorkspace({ name: "Demo", ownerId: user.id });
  return { seeded: true, slug: ws.slug };
}
