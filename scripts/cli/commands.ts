import { parseArgs } from "node:util";
import { prepareRuntime, type Runtime } from "../../server/bootstrap";
import { db, disconnectPrisma } from "../../lib/db";
import { hashPassword } from "../../lib/auth/password";
import { checkPasswordPolicy } from "../../lib/auth/password-policy";
import { normaliseEmail } from "../../lib/auth/sign-in";
import { createWorkspace } from "../../lib/workspaces";

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

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || !v.trim()) throw new Error(`--${name} is required`);
  return v.trim();
}

export const commands: Record<string, Command> = {
  "user:create": {
    summary: "Create a user: --email E --password-stdin [--name N]",
    run: async (args) => {
      const v = parse(args, { email: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } });
      const email = normaliseEmail(required(v, "email"));
      if (!v["password-stdin"]) throw new Error("pass the password on standard input with --password-stdin");
      const password = await readStdin();
      checkPasswordPolicy(password, email);
      return withRuntime(async () => {
        const user = await db().user.create({
          data: { email, name: typeof v.name === "string" ? v.name : null, passwordHash: await hashPassword(password) },
        });
        process.stdout.write(`created user ${user.email}\n`);
        return 0;
      });
    },
  },
  "workspace:create": {
    summary: "Create a workspace owned by an existing user: --name N --owner EMAIL (prints the slug)",
    run: async (args) => {
      const v = parse(args, { name: { type: "string" }, owner: { type: "string" } });
      const name = required(v, "name");
      const ownerEmail = normaliseEmail(required(v, "owner"));
      return withRuntime(async () => {
        const owner = await db().user.findUnique({ where: { email: ownerEmail }, select: { id: true, email: true } });
        if (!owner) throw new Error(`no user with email ${ownerEmail}`);
        const ws = await createWorkspace({ name, ownerId: owner.id, ownerEmail: owner.email, ip: "cli" });
        process.stdout.write(`${ws.slug}\n`);
        return 0;
      });
    },
  },
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
