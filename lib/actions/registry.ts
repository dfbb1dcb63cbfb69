import "server-only";
import { z } from "zod";
import { getLimits, limitsFormSchema, listKeyLimits, setLimits } from "../limits/manage";
import { listAudit } from "../audit";
import { changePassword, endSession, signOutEverywhere } from "../auth/account";
import { resendVerification } from "../auth/email-verification";
import { assertStepUp, confirmIdentity } from "../auth/recent-auth";
import { AppError, parseInput, toActionError, type ActionResult } from "../errors";
import { acceptInvitation, createInvitation, listPendingInvitations, revokeInvitation } from "../invitations";
import { assertCan, ROLES, type Permission } from "../rbac";
import { createWorkspace } from "../workspaces/create-workspace";
import { addCredential, deleteCredential, listCredentials, replaceCredential, testStoredCredential } from "../credentials";
import { createApiKey, listApiKeys, revokeApiKey } from "../keys";
import { PROVIDER_IDS } from "../providers/registry";
import { resolveActor, type Actor, type Principal } from "../workspaces/context";
import { changeMemberRole, leaveWorkspace, listMembers, removeMember, transferOwnership } from "../workspaces/members";
import { deleteWorkspace, listMfaCompliance, renameWorkspace, setMfaPolicy } from "../workspaces/settings";
import { getCorsOrigins, setCorsOrigins } from "../workspaces/cors";
import { confirmEnrolment, disableMfa, regenerateRecoveryCodes, startEnrolment } from "../auth/mfa-settings";
import { cursorSchema, getUsageDashboard, getUsageFilterOptions, getUsageOverview, getWorkspaceSetup, listRecentUsage, usageFilterSchema } from "../usage";
import {
  cancelMaintenance,
  confirmSecurityIncident,
  createIncident,
  editIncident,
  getIncidentForOperator,
  listComponentsForOperator,
  listIncidentsForOperator,
  listMaintenancesForOperator,
  listOperatorAuditEvents,
  operatorInput as opInput,
  operatorOverview,
  postIncidentUpdate,
  requireOperator,
  saveSecurityDetails,
  scheduleMaintenance,
  securityDelivery,
  sendSecurityNotices,
  updateComponent,
  workspacesForOperator,
} from "../status/operator";
import { listSecurityNotices, markNoticeRead, noticeIdInput } from "../status/security";
import { addEmailDestination, addWebhookDestination, listAlertSettings, removeAlertDestination } from "../alerts";

/**
 * Every console action, in one place. Server actions call runWorkspaceAction /
 * runAccountAction with the session's principal; the authorization matrix test calls
 * the same functions for every role. Inputs are strict: unknown fields (an injected
 * `workspaceId` or `role`) are refused, and the workspace always comes from the URL.
 */
const id = z.string().uuid();
const role = z.enum(ROLES as [string, ...string[]]).transform((r) => r as (typeof ROLES)[number]);
/** Bounded here; the length rule itself (NAME_TOO_LONG) is lib/workspaces/workspace-name.ts, shared with the CLI. */
const workspaceName = z.string().trim().min(1, "Enter a name.").max(10_000, "That name is far too long.");
const providerKey = z.string().min(1, "Paste the provider's API key.").max(4096);
/** Adding: may be empty for a provider that needs no key (lib/credentials decides). */
const newProviderKey = z.string().max(4096).optional();
const confirmPassword = z.string().max(1024).optional();
const confirmCode = z.string().max(16).optional();
/** "Also revoke their API keys" on a demotion: a boolean, or the form's "yes"/"no"; absent means yes. */
const revokeKeys = z
  .union([z.boolean(), z.enum(["yes", "no"]).transform((v) => v === "yes")])
  .optional();

/**
 * An action as the runner sees it: the schema's output is the service's input, and the
 * service's promise fixes the result. Both are type parameters (not `unknown`) so that
 * the table below can keep them per action name and the runners can hand them back.
 */
type WorkspaceAction<In, Out> = {
  permission: Permission;
  input: z.ZodType<In>;
  /** Needs recent authentication on this session (lib/auth/recent-auth.ts), checked after authorization and input, before `run`. */
  stepUp?: true;
  run: (actor: Actor, input: In) => Promise<Out>;
};
type PrincipalAction<In, Out> = { input: z.ZodType<In>; stepUp?: true; run: (p: Principal, input: In) => Promise<Out> };

// The definers infer the schema from `input` and Out from the service, so an entry declares
// its result by what its run function returns: no hand-written result type to drift from it.
const defineWs = <S extends z.ZodType, Out>(a: { permission: Permission; input: S; stepUp?: true; run: (actor: Actor, input: z.output<S>) => Promise<Out> }) => a;
const definePrincipal = <S extends z.ZodType, Out>(a: { input: S; stepUp?: true; run: (p: Principal, input: z.output<S>) => Promise<Out> }) => a;

/** What an entry's service resolves to, and what its schema hands that service. */
type DataOf<A extends { run: (...args: never[]) => Promise<unknown> }> = Awaited<ReturnType<A["run"]>>;
type InputOf<A extends { input: z.ZodType }> = z.output<A["input"]>;

export const workspaceActions = {
  "workspace.rename": defineWs({ permission: "workspace.rename", input: z.strictObject({ name: workspaceName }), run: renameWorkspace }),
  "workspace.delete": defineWs({
    stepUp: true,
    permission: "workspace.delete",
    input: z.strictObject({ confirmSlug: z.string().max(100) }),
    run: deleteWorkspace,
  }),
  "workspace.transfer": defineWs({
    stepUp: true,
    permission: "workspace.transfer",
    input: z.strictObject({ membershipId: id }),
    run: transferOwnership,
  }),
  "workspace.setMfaPolicy": defineWs({
    stepUp: true,
    permission: "workspace.securityPolicy",
    input: z.strictObject({ policy: z.enum(["OFF", "OWNERS_ADMINS", "ALL"], "Choose a policy.") }),
    run: setMfaPolicy,
  }),
  "workspace.mfaCompliance": defineWs({ permission: "workspace.securityPolicy", input: z.strictObject({}), run: (a) => listMfaCompliance(a) }),
  "workspace.corsOrigins": defineWs({ permission: "workspace.view", input: z.strictObject({}), run: (a) => getCorsOrigins(a) }),
  "workspace.setCorsOrigins": defineWs({
    permission: "workspace.cors",
    input: z.strictObject({ origins: z.string().max(4096, "Use at most 4096 characters.") }),
    run: setCorsOrigins,
  }),
  "workspace.leave": defineWs({ permission: "workspace.leave", input: z.strictObject({}), run: (a) => leaveWorkspace(a) }),
  "members.list": defineWs({ permission: "members.view", input: z.strictObject({}), run: (a) => listMembers(a) }),
  "members.invite": defineWs({
    permission: "members.invite",
    input: z.strictObject({ email: z.string().trim().email("Enter a valid email address.").max(320), role }),
    run: createInvitation,
  }),
  "members.changeRole": defineWs({
    stepUp: true,
    permission: "members.changeRole",
    input: z.strictObject({ membershipId: id, role, revokeKeys }),
    run: changeMemberRole,
  }),
  "members.remove": defineWs({ stepUp: true, permission: "members.remove", input: z.strictObject({ membershipId: id }), run: removeMember }),
  "invitations.list": defineWs({
    permission: "invitations.view",
    input: z.strictObject({}),
    run: (a) => listPendingInvitations(a),
  }),
  "invitations.revoke": defineWs({
    permission: "invitations.revoke",
    input: z.strictObject({ invitationId: id }),
    run: revokeInvitation,
  }),
  "audit.list": defineWs({
    permission: "audit.view",
    input: z.strictObject({
      action: z.string().max(64).optional(),
      actor: z.string().max(320).optional(),
      from: z.coerce.date().optional(),
      to: z.coerce.date().optional(),
      cursor: id.optional(),
    }),
    run: (a, f) => listAudit(a.workspaceId, f),
  }),
  "providers.list": defineWs({ permission: "providers.view", input: z.strictObject({}), run: (a) => listCredentials(a) }),
  "providers.add": defineWs({
    stepUp: true,
    permission: "providers.manage",
    input: z.strictObject({
      provider: z.enum(PROVIDER_IDS, "Choose a provider from the list."),
      label: z.string().trim().max(60, "Use at most 60 characters.").optional(),
      key: newProviderKey,
      password: confirmPassword,
      code: confirmCode,
    }),
    run: addCredential,
  }),
  "providers.replace": defineWs({
    stepUp: true,
    permission: "providers.manage",
    input: z.strictObject({ credentialId: id, key: providerKey, password: confirmPassword, code: confirmCode }),
    run: replaceCredential,
  }),
  "providers.delete": defineWs({
    stepUp: true,
    permission: "providers.manage",
    input: z.strictObject({ credentialId: id, password: confirmPassword, code: confirmCode }),
    run: deleteCredential,
  }),
  "providers.test": defineWs({ permission: "providers.manage", input: z.strictObject({ credentialId: id }), run: testStoredCredential }),
  "apiKeys.list": defineWs({ permission: "apiKeys.manageOwn", input: z.strictObject({}), run: (a) => listApiKeys(a) }),
  "apiKeys.create": defineWs({
    stepUp: true,
    permission: "apiKeys.manageOwn",
    input: z.strictObject({
      name: z.string().trim().min(1, "Name the key after the app that will use it.").max(80),
      expiresInDays: z.coerce.number().int().min(1).max(365).optional(),
    }),
    run: createApiKey,
  }),
  "apiKeys.revoke": defineWs({ stepUp: true, permission: "apiKeys.manageOwn", input: z.strictObject({ apiKeyId: id }), run: revokeApiKey }),
  "limits.get": defineWs({ permission: "workspace.view", input: z.strictObject({ apiKeyId: id.optional() }), run: getLimits }),
  "limits.keys": defineWs({ permission: "apiKeys.manageOwn", input: z.strictObject({}), run: (a) => listKeyLimits(a) }),
  "limits.set": defineWs({ permission: "limits.manage", input: limitsFormSchema, run: setLimits }),
  "usage.setup": defineWs({ permission: "usage.view", input: z.strictObject({}), run: (a) => getWorkspaceSetup(a) }),
  "usage.overview": defineWs({ permission: "usage.view", input: z.strictObject({}), run: (a) => getUsageOverview(a) }),
  "usage.dashboard": defineWs({ permission: "usage.view", input: usageFilterSchema, run: (a, f) => getUsageDashboard(a, f) }),
  "usage.options": defineWs({ permission: "usage.view", input: z.strictObject({}), run: (a) => getUsageFilterOptions(a) }),
  "usage.recent": defineWs({
    permission: "usage.view",
    input: usageFilterSchema.extend({ cursor: cursorSchema.optional() }),
    run: (a, f) => listRecentUsage(a, { ...f, limit: 50 }),
  }),
  // The CSV export's pages: the route handler asks again (re-authorised) for each page.
  "usage.export": defineWs({
    permission: "usage.view",
    input: usageFilterSchema.extend({ cursor: cursorSchema.optional() }),
    run: (a, f) => listRecentUsage(a, { ...f, limit: 5000 }),
  }),
  "notices.list": defineWs({ permission: "notices.view", input: z.strictObject({}), run: (a) => listSecurityNotices(a) }),
  "notices.markRead": defineWs({ permission: "notices.acknowledge", input: noticeIdInput, run: markNoticeRead }),
  "alerts.list": defineWs({ permission: "alerts.view", input: z.strictObject({}), run: (a) => listAlertSettings(a) }),
  "alerts.addWebhook": defineWs({
    permission: "alerts.manage",
    input: z.strictObject({
      name: z.string().trim().min(1, "Name the webhook.").max(80, "Use at most 80 characters."),
      url: z.string().trim().min(1, "Enter the webhook's https:// URL.").max(2000, "Use a URL of at most 2000 characters."),
    }),
    run: addWebhookDestination,
  }),
  "alerts.addEmail": defineWs({ permission: "alerts.manage", input: z.strictObject({}), run: (a) => addEmailDestination(a) }),
  "alerts.remove": defineWs({ permission: "alerts.manage", input: z.strictObject({ destinationId: id }), run: removeAlertDestination }),
};

type WorkspaceActions = typeof workspaceActions;
export type WorkspaceActionName = keyof WorkspaceActions;
/** What the named action's service resolves to: `data` of its successful ActionResult. */
export type WorkspaceActionData<N extends WorkspaceActionName> = DataOf<WorkspaceActions[N]>;
type WorkspaceActionInput<N extends WorkspaceActionName> = InputOf<WorkspaceActions[N]>;

const defineAcct = definePrincipal;

export const accountActions = {
  "workspace.create": defineAcct({
    input: z.strictObject({ name: workspaceName }),
    run: (p, i) => createWorkspace({ name: i.name, ownerId: p.userId, ownerEmail: p.email, ip: p.ip }),
  }),
  "invitation.accept": defineAcct({
    input: z.strictObject({ token: z.string().min(20).max(200), proof: z.string().max(100).optional() }),
    run: acceptInvitation,
  }),
  "account.changePassword": defineAcct({
    input: z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().max(1024) }),
    run: changePassword,
  }),
  "account.resendVerification": defineAcct({ input: z.strictObject({}), run: (p) => resendVerification(p) }),
  // The step-up prompt's answer: the password, or a current TOTP code, elevates this session.
  "account.confirmIdentity": defineAcct({
    input: z.strictObject({ password: z.string().max(1024).optional(), code: z.string().max(16).optional() }),
    run: confirmIdentity,
  }),
  "account.signOutAll": defineAcct({ input: z.strictObject({}), run: (p) => signOutEverywhere(p) }),
  "account.endSession": defineAcct({ input: z.strictObject({ sessionId: id }), run: endSession }),
  "mfa.start": defineAcct({ input: z.strictObject({ password: z.string().min(1, "Enter your password.").max(1024) }), run: startEnrolment }),
  "mfa.confirm": defineAcct({ input: z.strictObject({ code: z.string().trim().min(1, "Enter the code from your app.").max(16) }), run: confirmEnrolment }),
  "mfa.regenerateCodes": defineAcct({
    input: z.strictObject({ password: z.string().min(1, "Enter your password.").max(1024), code: z.string().trim().min(1, "Enter a code.").max(64) }),
    run: regenerateRecoveryCodes,
  }),
  "mfa.disable": defineAcct({
    input: z.strictObject({ password: z.string().min(1, "Enter your password.").max(1024), code: z.string().trim().min(1, "Enter a code.").max(64) }),
    run: disableMfa,
  }),
};

type AccountActions = typeof accountActions;
export type AccountActionName = keyof AccountActions;
export type AccountActionData<N extends AccountActionName> = DataOf<AccountActions[N]>;
type AccountActionInput<N extends AccountActionName> = InputOf<AccountActions[N]>;

/**
 * The operator area's actions. The services re-check the operator flag in the database on
 * every call and answer NOT_FOUND to everyone else (the area's existence is not revealed);
 * the registry checks first too, so input errors are never shown to a non-operator.
 */
const defineOp = definePrincipal;
const none = z.strictObject({});

export const operatorActions = {
  "operator.overview": defineOp({ input: none, run: (p) => operatorOverview(p) }),
  "operator.audit": defineOp({ input: opInput.auditListInput, run: (_p, f) => listOperatorAuditEvents(f) }),
  "components.list": defineOp({ input: none, run: (p) => listComponentsForOperator(p) }),
  "components.update": defineOp({ stepUp: true, input: opInput.componentUpdateInput, run: updateComponent }),
  "incidents.list": defineOp({ input: none, run: (p) => listIncidentsForOperator(p) }),
  "incidents.get": defineOp({ input: opInput.incidentIdInput, run: getIncidentForOperator }),
  "incidents.create": defineOp({ stepUp: true, input: opInput.incidentCreateInput, run: createIncident }),
  "incidents.edit": defineOp({ stepUp: true, input: opInput.incidentEditInput, run: editIncident }),
  "incidents.postUpdate": defineOp({ stepUp: true, input: opInput.incidentUpdateInput, run: postIncidentUpdate }),
  "maintenance.list": defineOp({ input: none, run: (p) => listMaintenancesForOperator(p) }),
  "maintenance.schedule": defineOp({ stepUp: true, input: opInput.maintenanceScheduleInput, run: scheduleMaintenance }),
  "maintenance.cancel": defineOp({ stepUp: true, input: opInput.maintenanceCancelInput, run: cancelMaintenance }),
  "security.workspaces": defineOp({ input: none, run: (p) => workspacesForOperator(p) }),
  "security.saveDetails": defineOp({ stepUp: true, input: opInput.securityDetailsInput, run: saveSecurityDetails }),
  "security.confirm": defineOp({ stepUp: true, input: opInput.securityStepInput, run: confirmSecurityIncident }),
  "security.sendNotices": defineOp({ stepUp: true, input: opInput.securityStepInput, run: sendSecurityNotices }),
  "security.delivery": defineOp({ input: opInput.incidentIdInput, run: securityDelivery }),
};

type OperatorActions = typeof operatorActions;
export type OperatorActionName = keyof OperatorActions;
export type OperatorActionData<N extends OperatorActionName> = DataOf<OperatorActions[N]>;
type OperatorActionInput<N extends OperatorActionName> = InputOf<OperatorActions[N]>;

/**
 * The same tables, re-typed as one mapped type per kind. Indexing a mapped type with a
 * generic key N gives WorkspaceAction<Input<N>, Data<N>>, so the runners below can parse
 * and run `table[name]` and return Data<N> without a cast; indexing the object literal's
 * own type with N would give a union of every action, whose run accepts no input at all.
 * The annotations also check, per entry, that each schema's output is what its service takes.
 */
const workspaceTable: { [N in WorkspaceActionName]: WorkspaceAction<WorkspaceActionInput<N>, WorkspaceActionData<N>> } = workspaceActions;
const accountTable: { [N in AccountActionName]: PrincipalAction<AccountActionInput<N>, AccountActionData<N>> } = accountActions;
const operatorTable: { [N in OperatorActionName]: PrincipalAction<OperatorActionInput<N>, OperatorActionData<N>> } = operatorActions;

/** Whether an action's form carries its own password field (confirmed inline rather than by the step-up prompt). */
function takesInlineConfirmation(schema: z.ZodType): boolean {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return Boolean(shape && "password" in shape);
}

/**
 * Runs a workspace action for `principal` in the workspace named by `slug` (from the URL).
 * `raw` stays `unknown` on purpose: it comes from a form or a query string, and the
 * action's strict schema is what decides its shape. The result is typed by `name`.
 */
export async function runWorkspaceAction<N extends WorkspaceActionName>(
  name: N,
  principal: Principal | null,
  slug: string,
  raw: unknown,
): Promise<ActionResult<WorkspaceActionData<N>>> {
  try {
    const def = workspaceTable[name];
    const actor = await resolveActor(principal, slug);
    assertCan(actor.role, def.permission);
    const input = parseInput(def.input, raw);
    if (def.stepUp) await assertStepUp(actor, input, takesInlineConfirmation(def.input));
    const data = await def.run(actor, input);
    return { ok: true, data };
  } catch (err) {
    return { ok: false, error: toActionError(err) };
  }
}

export async function runOperatorAction<N extends OperatorActionName>(
  name: N,
  principal: Principal | null,
  raw: unknown,
): Promise<ActionResult<OperatorActionData<N>>> {
  try {
    await requireOperator(principal);
    const def = operatorTable[name];
    const input = parseInput(def.input, raw);
    if (def.stepUp) await assertStepUp(principal!, input, takesInlineConfirmation(def.input));
    return { ok: true, data: await def.run(principal!, input) };
  } catch (err) {
    return { ok: false, error: toActionError(err) };
  }
}

export async function runAccountAction<N extends AccountActionName>(
  name: N,
  principal: Principal | null,
  raw: unknown,
): Promise<ActionResult<AccountActionData<N>>> {
  try {
    if (!principal) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    const def = accountTable[name];
    const input = parseInput(def.input, raw);
    if (def.stepUp) await assertStepUp(principal, input, takesInlineConfirmation(def.input));
    return { ok: true, data: await def.run(principal, input) };
  } catch (err) {
    return { ok: false, error: toActionError(err) };
  }
}
