import { parseArgs } from "node:util";
import { prepareRuntime, type Runtime } from "../../server/bootstrap";
import { db, disconnectPrisma, withWorkspace } from "../../lib/db";
import { hashPassword } from "../../lib/auth/password";
import { checkPasswordPolicy } from "../../lib/auth/password-policy";
import { normaliseEmail } from "../../lib/auth/sign-in";
import { createWorkspace } from "../../lib/workspaces";
import { findWorkspaceBySlugForOperator } from "../../lib/db/privileged";
import { addCredential, replaceCredential, rotateAllCredentials } from "../../lib/credentials";
import { createApiKey } from "../../lib/keys";
import { describe as describeLimits, getLimits, limitsFormSchema, setLimits } from "../../lib/limits/manage";
import { resetMfaByOperator } from "../../lib/auth/mfa-settings";
import { provider as providerDef, PROVIDER_IDS } from "../../lib/providers/registry";
import { resolveActor, type Actor } from "../../lib/workspaces/context";

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

/** A key named by its id or by the prefix the console shows (ak_live_…). */
async function keyIdOf(actor: Actor, idOrPrefix: string): Promise<string> {
  const key = await withWorkspace(actor.workspaceId, (tx) =>
    tx.apiKey.findFirst({
      where: { workspaceId: actor.workspaceId, ...(/^[0-9a-f-]{36}$/i.test(idOrPrefix) ? { id: idOrPrefix } : { prefix: idOrPrefix.replace(/…$/, "") }) },
      select: { id: true },
    }),
  );
  if (!key) throw new Error(`no API key ${idOrPrefix} in this workspace`);
  return key.id;
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || !v.trim()) throw new Error(`--${name} is required`);
  return v.trim();
}

/**
 * The operator acts in a workspace as its first Owner (or --as EMAIL, who must be an
 * Owner or Admin there), with `operator: true` standing in for recent authentication.
 */
async function operatorActor(slug: string, as?: string): Promise<Actor> {
  const ws = await findWorkspaceBySlugForOperator(slug);
  if (!ws) throw new Error(`no workspace with slug ${slug}`);
  let user = ws.firstOwner;
  if (as) {
    const u = await db().user.findUnique({ where: { email: normaliseEmail(as) }, select: { id: true, email: true } });
    if (!u) throw new Error(`no user with email ${as}`);
    user = { userId: u.id, email: u.email };
  }
  if (!user) throw new Error(`workspace ${slug} has no owner`);
  const actor = await resolveActor({ userId: user.userId, email: user.email, ip: "cli", operator: true }, slug);
  if (actor.role === "MEMBER") throw new Error(`${user.email} is only a Member of ${slug}`);
  return actor;
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
          // The operator vouches for the address: accounts made from the shell are verified.
          data: { email, name: typeof v.name === "string" ? v.name : null, passwordHash: await hashPassword(password), emailVerifiedAt: new Date() },
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
  "apikey:create": {
    summary: "Create a workspace API key and print it once: --workspace SLUG --name N [--expires-days D] [--as EMAIL]",
    run: async (args) => {
      const v = parse(args, { workspace: { type: "string" }, name: { type: "string" }, "expires-days": { type: "string" }, as: { type: "string" } });
      const slug = required(v, "workspace");
      const name = required(v, "name");
      const days = v["expires-days"] ? Number(v["expires-days"]) : undefined;
      if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 365)) throw new Error("--expires-days must be 1 to 365");
      return withRuntime(async () => {
        const actor = await operatorActor(slug, typeof v.as === "string" ? v.as : undefined);
        const { key } = await createApiKey(actor, { name, expiresInDays: days });
        process.stdout.write(`${key}\n`);
        process.stderr.write("This is the only time the key is shown. Store it in your secret manager.\n");
        return 0;
      });
    },
  },
  "limits:set": {
    summary:
      "Replace the limits of a workspace, or of one key (--key ID or prefix): --workspace SLUG [--key K] [--rpm N] [--tpm N] [--tokens-day N] [--tokens-month N] [--spend-day USD] [--spend-month USD] [--models a/b,c/*] [--as EMAIL]; no limit flags clears them",
    run: async (args) => {
      const v = parse(args, {
        workspace: { type: "string" },
        key: { type: "string" },
        rpm: { type: "string" },
        tpm: { type: "string" },
        "tokens-day": { type: "string" },
        "tokens-month": { type: "string" },
        "spend-day": { type: "string" },
        "spend-month": { type: "string" },
        models: { type: "string" },
        as: { type: "string" },
      });
      const slug = required(v, "workspace");
      const text = (name: keyof typeof v) => v[name];
      return withRuntime(async () => {
        const actor = await operatorActor(slug, text("as"));
        const apiKeyId = text("key") ? await keyIdOf(actor, text("key")!) : undefined;
        const form = limitsFormSchema.safeParse({
          apiKeyId,
          requestsPerMinute: text("rpm"),
          tokensPerMinute: text("tpm"),
          tokensPerDay: text("tokens-day"),
          tokensPerMonth: text("tokens-month"),
          spendUsdPerDay: text("spend-day"),
          spendUsdPerMonth: text("spend-month"),
          allowedModels: text("models")?.replaceAll(",", "\n"),
        });
        if (!form.success) throw new Error(`${String(form.error.issues[0]!.path[0])}: ${form.error.issues[0]!.message}`);
        const view = await setLimits(actor, form.data);
        process.stdout.write(`${describeLimits(view.limits)}\n`);
        return 0;
      });
    },
  },
  "limits:show": {
    summary: "Print the limits of a workspace, or of one key (--key ID or prefix), with what the current windows used: --workspace SLUG [--key K]",
    run: async (args) => {
      const v = parse(args, { workspace: { type: "string" }, key: { type: "string" }, as: { type: "string" } });
      const slug = required(v, "workspace");
      return withRuntime(async () => {
        const actor = await operatorActor(slug, typeof v.as === "string" ? v.as : undefined);
        const apiKeyId = typeof v.key === "string" ? await keyIdOf(actor, v.key) : undefined;
        const view = await getLimits(actor, { apiKeyId });
        process.stdout.write(`${describeLimits(view.limits)}\n`);
        for (const u of view.use) process.stdout.write(`${u.metric}: ${u.used} of ${u.cap} (resets ${u.resetsAt})\n`);
        return 0;
      });
    },
  },
  "provider:set": {
    summary: "Store a provider key read from stdin: --workspace SLUG --provider P [--label L] [--as EMAIL]",
    run: async (args) => {
      const v = parse(args, { workspace: { type: "string" }, provider: { type: "string" }, label: { type: "string" }, as: { type: "string" } });
      const slug = required(v, "workspace");
      const providerId = required(v, "provider");
      if (!providerDef(providerId)) throw new Error(`unknown provider ${providerId}; one of: ${PROVIDER_IDS.join(", ")}`);
      const label = typeof v.label === "string" ? v.label.trim() : "";
      const key = await readStdin();
      return withRuntime(async () => {
        const actor = await operatorActor(slug, typeof v.as === "string" ? v.as : undefined);
        const existing = await withWorkspace(actor.workspaceId, (tx) =>
          tx.providerCredential.findFirst({ where: { workspaceId: actor.workspaceId, provider: providerId, label }, select: { id: true } }),
        );
        const row = existing
          ? await replaceCredential(actor, { credentialId: existing.id, key })
          : await addCredential(actor, { provider: providerId, label, key });
        process.stdout.write(`${existing ? "replaced" : "stored"} ${providerId}${label ? ` (${label})` : ""} key ending in ${row.last4}\n`);
        return 0;
      });
    },
  },
  "vault:rotate": {
    summary: "Re-seal every provider credential under the active master key (online, in batches): [--batch-size N] [--workspace SLUG]",
    run: async (args) => {
      const v = parse(args, { "batch-size": { type: "string" }, workspace: { type: "string" } });
      const batchSize = v["batch-size"] ? Number(v["batch-size"]) : 100;
      if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000)) throw new Error("--batch-size must be 1 to 10000");
      return withRuntime(async () => {
        let workspaceIds: string[] | undefined;
        if (typeof v.workspace === "string") {
          const ws = await findWorkspaceBySlugForOperator(v.workspace);
          if (!ws) throw new Error(`no workspace with slug ${v.workspace}`);
          workspaceIds = [ws.id];
        }
        const report = await rotateAllCredentials({ batchSize, workspaceIds });
        process.stdout.write(
          `workspaces: ${report.workspaces}, re-sealed: ${report.resealed}, already current: ${report.alreadyCurrent}, changed meanwhile: ${report.skipped}\n`,
        );
        return 0;
      });
    },
  },
  "mfa:reset": {
    summary: "Turn off two-factor authentication for a user who lost their device: --email E (audited)",
    run: async (args) => {
      const v = parse(args, { email: { type: "string" } });
      const email = normaliseEmail(required(v, "email"));
      return withRuntime(async () => {
        const user = await resetMfaByOperator(email);
        process.stdout.write(`two-factor authentication turned off for ${user.email}; they can sign in with their password and enrol again\n`);
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
