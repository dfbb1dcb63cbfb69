"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runOperatorAction, type OperatorActionName } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";
import type { ActionResult } from "@/lib/errors";
import { utcFromLocalInput } from "@/lib/status/operator";

/**
 * The operator area's server actions: form fields become the registry's plain inputs; the
 * registry and the services check the operator flag in the database on every call.
 */
async function run<N extends OperatorActionName>(name: N, input: Record<string, unknown>, paths: string[]) {
  const result = await runOperatorAction(name, await getCurrentUser(), input);
  if (result.ok) for (const p of paths) revalidatePath(p);
  return result;
}

/** Forms that only show success or the error: the action's own result stays on the server. */
const done = (r: ActionResult<unknown>): FormState<null> => (r.ok ? { ok: true, data: null } : r);

/** "component:<id>" selects: the ones set to a state are the affected components. */
function affectedComponents(formData: FormData) {
  const out: { componentId: string; state: string }[] = [];
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("component:") && typeof value === "string" && value) out.push({ componentId: key.slice("component:".length), state: value });
  }
  return out;
}

export async function updateComponentAction(_prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  const state = formString(formData, "overrideState");
  const r = await run(
    "components.update",
    {
      componentId: formString(formData, "componentId"),
      name: formString(formData, "name"),
      description: formString(formData, "description"),
      position: formString(formData, "position"),
      hidden: formData.get("hidden") === "on",
      overrideState: state || null,
    },
    ["/operator/components", "/operator"],
  );
  return done(r);
}

export async function createIncidentAction(_prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  const r = await run(
    "incidents.create",
    {
      title: formString(formData, "title"),
      impact: formString(formData, "impact"),
      status: formString(formData, "status") || "investigating",
      isPublic: formString(formData, "visibility") !== "private",
      components: affectedComponents(formData),
      body: formString(formData, "body"),
    },
    ["/operator/incidents", "/operator"],
  );
  if (!r.ok) return done(r);
  redirect(`/operator/incidents/${r.data.id}`);
}

export async function editIncidentAction(incidentId: string, _prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  const r = await run(
    "incidents.edit",
    {
      incidentId,
      title: formString(formData, "title"),
      impact: formString(formData, "impact"),
      isPublic: formString(formData, "visibility") !== "private",
      components: affectedComponents(formData),
    },
    [`/operator/incidents/${incidentId}`, "/operator/incidents", "/operator"],
  );
  return done(r);
}

export async function postUpdateAction(incidentId: string, _prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  const r = await run(
    "incidents.postUpdate",
    { incidentId, status: formString(formData, "status"), body: formString(formData, "body") },
    [`/operator/incidents/${incidentId}`, "/operator/incidents", "/operator"],
  );
  return done(r);
}

export async function scheduleMaintenanceAction(_prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  const r = await run(
    "maintenance.schedule",
    {
      title: formString(formData, "title"),
      description: formString(formData, "description"),
      startsAt: utcFromLocalInput(formString(formData, "startsAt")),
      endsAt: utcFromLocalInput(formString(formData, "endsAt")),
      componentIds: formData.getAll("componentIds").filter((v): v is string => typeof v === "string"),
    },
    ["/operator/maintenance", "/operator"],
  );
  return done(r);
}

export async function cancelMaintenanceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const r = await run("maintenance.cancel", { maintenanceId: formString(formData, "maintenanceId") }, ["/operator/maintenance", "/operator"]);
  return r.ok ? { ok: true, data: undefined } : r;
}

const securityPaths = (id: string) => [`/operator/incidents/${id}`, "/operator/incidents", "/operator"];

export async function saveSecurityAction(incidentId: string, _prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  const r = await run(
    "security.saveDetails",
    {
      incidentId,
      workspaceIds: formData.getAll("workspaceIds").filter((v): v is string => typeof v === "string"),
      scope: formString(formData, "scope"),
      impact: formString(formData, "impact"),
      remediation: formString(formData, "remediation"),
    },
    securityPaths(incidentId),
  );
  return done(r);
}

/** Only the fields filled in: an empty password field is "not given", so recent authentication can pass. */
function credentials(formData: FormData) {
  const password = formString(formData, "password");
  return password ? { password } : {};
}

export async function confirmSecurityAction(incidentId: string, _prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  return done(await run("security.confirm", { incidentId, ...credentials(formData) }, securityPaths(incidentId)));
}

export type SentNotices = { workspaces: number; recipients: number };

export async function sendNoticesAction(incidentId: string, _prev: FormState<SentNotices>, formData: FormData): Promise<FormState<SentNotices>> {
  const r = await run("security.sendNotices", { incidentId, ...credentials(formData) }, securityPaths(incidentId));
  if (!r.ok) return r;
  const { workspaces, recipients } = r.data;
  return { ok: true, data: { workspaces, recipients } };
}
