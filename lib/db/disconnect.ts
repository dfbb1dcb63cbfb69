import "server-only";
import { disconnectBasePrisma } from "./client";
import { disconnectRawPool } from "./raw";

/** Closes the runtime role's connections: Prisma's and the raw pool's. */
export async function disconnectPrisma(): Promise<void> {
  await Promise.all([disconnectBasePrisma(), disconnectRawPool()]);
}
