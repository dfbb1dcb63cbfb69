import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "../env";
import { PrismaClient } from "./generated/client.ts";

/**
 * The Prisma client for the runtime role `app_user` (NOSUPERUSER, NOBYPASSRLS): every
 * query it makes is filtered by row-level security. Only lib/db uses it directly.
 */

type Globals = { __aurikoPrisma?: PrismaClient };
const globals = globalThis as Globals;

export function appDatabaseUrl(): string {
  const url = env().AURIKO_APP_DATABASE_URL;
  if (!url) throw new Error("AURIKO_APP_DATABASE_URL is not set: start Auriko with `npm start` or set it");
  return url;
}

export function basePrisma(): PrismaClient {
  if (!globals.__aurikoPrisma) {
    const adapter = new PrismaPg({ connectionString: appDatabaseUrl(), max: env().AURIKO_DB_POOL_SIZE });
    globals.__aurikoPrisma = new PrismaClient({ adapter });
  }
  return globals.__aurikoPrisma;
}

export async function disconnectBasePrisma(): Promise<void> {
  const client = globals.__aurikoPrisma;
  globals.__aurikoPrisma = undefined;
  await client?.$disconnect();
}
