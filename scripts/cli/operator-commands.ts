import { normaliseEmail } from "../../lib/auth/sign-in";
import { setOperatorFlag } from "../../lib/status/operator";
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
};
