import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { Prisma, Role, withWorkspace } from "../db";
import { recordAudit } from "../audit";
import { checkWorkspaceName } from "./workspace-name";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base || "workspace";
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/**
 * Creates a workspace with `ownerId` as its first Owner. The slug is readable
 * (from the name) and gets a short random suffix when taken.
 */
export async function createWorkspace(input: { name: string; ownerId: string; ownerEmail?: string; ip?: string }) {
  const name = checkWorkspaceName(input.name);
  const base = slugify(name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString("hex")}`;
    const id = randomUUID();
    try {
      return await withWorkspace(id, async (tx) => {
        const ws = await tx.workspace.create({ data: { id, name, slug } });
        await tx.membership.create({ data: { workspaceId: id, userId: input.ownerId, role: Role.OWNER } });
        await recordAudit(tx, id, {
          action: "workspace.created",
          actor: { userId: input.ownerId, email: input.ownerEmail },
          target: { type: "workspace", id, label: name },
          ip: input.ip,
        });
        return ws;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error("Could not find a free workspace slug");
}
