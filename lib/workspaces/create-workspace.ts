import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { Prisma, Role, withWorkspace } from "../db";
import { emailUnverified, isEmailVerified } from "../auth/email-verification";
import { recordAudit } from "../audit";
import { checkWorkspaceName } from "./workspace-name";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return base || "workspace";
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** No 0/o, 1/l: a slug read aloud or copied by hand comes out right. 32 symbols, 5 bits each. */
const SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
const SUFFIX_LENGTH = 8;

function randomSuffix(): string {
  const bytes = randomBytes(SUFFIX_LENGTH);
  let out = "";
  for (const b of bytes) out += SUFFIX_ALPHABET[b & 31];
  return out;
}

/**
 * Creates a workspace with `ownerId` as its first Owner. The slug is the name, readable,
 * plus a random suffix, always (`acme-7k3mq9xh`): whether another tenant already has a
 * workspace called "Acme" changes nothing in the answer, so creating workspaces cannot be
 * used to learn which names or slugs exist, and a slug cannot be guessed from a name.
 * Slugs never change afterwards (renaming changes the display name only). The owner's
 * e-mail address must be confirmed (EMAIL_UNVERIFIED otherwise).
 */
export async function createWorkspace(input: { name: string; ownerId: string; ownerEmail?: string; ip?: string }) {
  const name = checkWorkspaceName(input.name);
  if (!(await isEmailVerified(input.ownerId))) throw emailUnverified("create a workspace");
  const base = slugify(name);
  // 40 random bits per name: a collision is rare enough that a retry with a fresh suffix is all it needs.
  for (let attempt = 0; attempt < 3; attempt++) {
    const slug = `${base}-${randomSuffix()}`;
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
