import { defineConfig } from "prisma/config";

// The schema has no datasource url: the app builds its own connection (lib/db), and
// migrations are applied by scripts/migrate (Prisma's migrate engine is not used).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
