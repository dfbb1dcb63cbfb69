import { db } from "../lib/db";
import { hashPassword } from "../lib/auth/password";
import { addCredential } from "../lib/credentials";
import { createWorkspace } from "../lib/workspaces";
import { resolveActor } from "../lib/workspaces/context";

export const DEMO_EMAIL = "demo@auriko.local";

/**
 * Seeds a demo user and workspace, on an empty database only. The workspace gets a
 * key for the built-in mock provider, so `mock/echo` answers as soon as the user has
 * created an API key.
 */
export async function seedDemo(password: string): Promise<{ seeded: boolean; slug?: string }> {
  if ((await db().user.count()) > 0) return { seeded: false };
  const user = await db().user.create({
    data: { email: DEMO_EMAIL, name: "Demo User", passwordHash: await hashPassword(password), emailVerifiedAt: new Date() },
  });
  const ws = await createWorkspace({ name: "Demo", ownerId: user.id, ownerEmail: user.email, ip: "seed" });
  const actor = await resolveActor({ userId: user.id, email: user.email, ip: "seed", operator: true }, ws.slug);
  await addCredential(actor, { provider: "mock", label: "", key: "mock-demo-key" });
  return { seeded: true, slug: ws.slug };
}
