import { env } from "../../lib/env";
import { pruneUsage } from "../../lib/usage/retention";
import { parse, withRuntime, type Command } from "./commands";

/** Operator commands for usage metadata. */
export const usageCommands: Record<string, Command> = {
  "usage:prune": {
    summary: "Delete raw usage rows older than N days (rollups are kept): [--days N] (default AURIKO_USAGE_RETENTION_DAYS, 90)",
    run: async (args) => {
      const v = parse(args, { days: { type: "string" } });
      const days = v.days !== undefined ? Number(v.days) : env().AURIKO_USAGE_RETENTION_DAYS;
      if (!(Number.isInteger(days) && days >= 1 && days <= 3650)) throw new Error("--days must be 1 to 3650");
      return withRuntime(async () => {
        const r = await pruneUsage({ days });
        process.stdout.write(`deleted ${r.deleted} usage rows older than ${r.cutoff.toISOString()} in ${r.workspaces} workspaces\n`);
        return 0;
      });
    },
  },
};
