import { issuePasswordResetByOperator, RESET_TOKEN_TTL_MINUTES } from "../../lib/auth/password-reset";
import { AppError } from "../../lib/errors";
import { parse, withRuntime, type Command } from "./commands";

/** Account recovery for operators (shell access stands in for the user's mailbox). */
export const accountCommands: Record<string, Command> = {
  "user:password-reset": {
    summary: "Issue a password reset link: --email E (printed on stdout and queued in the outbox; audited)",
    run: async (args) => {
      const v = parse(args, { email: { type: "string" } });
      if (typeof v.email !== "string" || !v.email.trim()) throw new Error("--email is required");
      const email = v.email;
      return withRuntime(async () => {
        try {
          const r = await issuePasswordResetByOperator(email);
          // The link alone on stdout, so it can be piped; the note for the operator on stderr.
          process.stdout.write(`${r.link}\n`);
          process.stderr.write(
            `Reset link for ${r.email}: works once, for ${RESET_TOKEN_TTL_MINUTES} minutes (until ${r.expiresAt.toISOString()}). ` +
              "Earlier links stop working. The same link is queued in the outbox; hand it over only through a channel you trust.\n",
          );
          return 0;
        } catch (err) {
          if (err instanceof AppError && err.code === "NOT_FOUND") {
            process.stderr.write(`${err.message}\n`);
            return 1;
          }
          throw err;
        }
      });
    },
  },
};
