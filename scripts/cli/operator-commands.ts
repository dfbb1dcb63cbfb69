import { normaliseEmail } from "../../lib/auth/sign-in";
import { setOperatorFlag, setUserSuspended } from "../../lib/status/operator";
import { parse, withRuntime, type Command } from "./commands";

/** Platform operators: the status page, incidents and security notices. Distinct from workspace roles. */
export const operatorCommands: Record<string, Command> = {
  "user:operator": {
    summary: "Make a user a platform operator: --email E [--revoke] (audited)",
    run: async (args) => {
      const v = parse(args, { email: { type: "string" }, revoke: { type: "boolean" } });
      if (typeof v.email !== "string" || !v.email.trim()) throw new Error("--email is required");
      const email = normaliseEmail(v.email);
      const grant = !v.revoke;
      return withRuntime(async () => {
        const r = await setOperatorFlag(email, grant);
        const message = grant
          ? r.changed ? "is now an operator" : "was already an operator (nothing changed)"
          : r.changed ? "is no longer an operator" : "was not an operator (nothing changed)";
        process.stdout.write(`${r.email} ${message}\n`);
        return 0;
      });
    },
  },
  "user:suspend": {
    summary: "Suspend a user: no sign-in, sessions ended, their API keys refused everywhere: --email E (audited)",
    run: (args) => suspension(args, true),
  },
  "user:unsuspend": {
    summary: "Lift a suspension: sign-in again, API keys nobody revoked work again: --email E (audited)",
    run: (args) => suspension(args, false),
  },
};

async function suspension(args: string[], suspend: boolean): Promise<number> {
  const v = parse(args, { email: { type: "string" } });
  if (typeof v.email !== "string" || !v.email.trim()) throw new Error("--email is required");
  const email = normaliseEmail(v.email);
  return withRuntime(async () => {
    const r = await setUserSuspended(email, suspend);
    if (!r.changed) {
      process.stdout.write(`${r.email} ${suspend ? "was already suspended" : "was not suspended"} (nothing changed)\n`);
      return 0;
    }
    const keys = `${r.keys} API key${r.keys === 1 ? "" : "s"} in ${r.workspaces} workspace${r.workspaces === 1 ? "" : "s"}`;
    process.stdout.write(
      suspend
        ? `${r.email} is suspended; ${r.sessionsEnded} session${r.sessionsEnded === 1 ? "" : "s"} ended; ${keys} refused within 5 seconds\n`
        : `${r.email} is no longer suspended; ${keys} work again within 5 seconds\n`,
    );
    return 0;
  });
}
