import "server-only";
import type { PrismaClient } from "./generated/client.ts";
import { basePrisma } from "./client";

/**
 * Models whose rows belong to a workspace. Outside `withWorkspace` they cannot be
 * queried at all: the guarded client throws before any SQL is sent. (RLS would return
 * nothing anyway; the throw turns a silent empty result into a visible bug.)
 * tests/integration/rls-catalog.test.ts keeps this list equal to the RLS tables.
 */
export const WORKSPACE_SCOPED_MODELS = new Set<string>([
  "Workspace",
  "Membership",
  "Invitation",
  "EmailOutbox",
  "AuditEvent",
  "ProviderCredential",
  "ApiKey",
  "UsageEvent",
  "UsageDaily",
  "UsageDailyLatency",
  "SecurityNotice",
  "SecurityNoticeRecipient",
  "AlertDestination",
  "Alert",
  "AlertDelivery",
  "UsageLimit",
  "UsageLimitCounter",
]);

export class WorkspaceScopeError extends Error {
  constructor(model: string, operation: string) {
    super(`${model}.${operation} is workspace-scoped: run it inside withWorkspace()`);
    this.name = "WorkspaceScopeError";
  }
}

function guard(client: PrismaClient) {
  return client.$extends({
    name: "workspace-scope-guard",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (WORKSPACE_SCOPED_MODELS.has(model)) throw new WorkspaceScopeError(model, operation);
          return query(args);
        },
      },
    },
  });
}

type GuardedClient = ReturnType<typeof guard>;
let guarded: GuardedClient | undefined;

/** The client for data that belongs to no workspace (users, sessions, rate limits). */
export function db(): GuardedClient {
  guarded ??= guard(basePrisma());
  return guarded;
}
