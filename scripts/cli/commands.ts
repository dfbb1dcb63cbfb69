import { parseArgs } from "node:util";
import { prepareRuntime, type Runtime } from "../../server/bootstrap";
import { disconnectPrisma } from "../../lib/db";

export type Command = { summary: string; run: (args: string[]) => Promise<number> };

/** Runs `fn` with the database up (embedded started if needed) and tears it down after. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const rt = await prepareRuntime({ migrate: opts.migrate });
  try {
    return await fn(rt);
  } finally {
    await disconnectPrisma();
    await rt.stop();
  }
}

export function parse<T extends Record<string, { type: "string" | "boolean" }>>(args: string[], options: T) {
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error("expected the value on standard input (pipe it in)");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

export const commands: Record<string, Command> = {
  "db:url": {
    summary: "Print the owner-role connection URL of the database in use (for psql)",
    run: async (args) => {
      parse(args, {});
      const rt = await prepareRuntime({ migrate: false });
      process.stdout.write(`${rt.ownerUrl}\n`);
      if (!rt.embedded || rt.embedded.shared) {
        await rt.stop();
        return 0;
      }
      // We started the embedded database: keep it up until the operator is done.
      process.stderr.write("The embedded database is running for this command; press Ctrl-C to stop it.\n");
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await rt.stop();
      return 0;
    },
  },
  "db:migrate": {
    summary: "Apply pending database migrations",
    run: (args) =>
      withRuntime(async () => {
        parse(args, {});
        process.stdout.write("migrations up to date\n");
        return 0;
      }),
  },
};
