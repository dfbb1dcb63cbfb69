"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";

export async function renameWorkspace(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction("workspace.rename", principal, slug, { name: formString(formData, "name") });
  if (result.ok) revalidatePath(`/w/${slug}`, "layout");
  return result;
}

export async function deleteWorkspace(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction("workspace.delete", principal, slug, { confirmSlug: formString(formData, "confirmSlug") });
  if (!result.ok) return result;
  revalidatePath("/w", "layout");
  redirect("/w");
}

export async function setMfaPolicy(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction("workspace.setMfaPolicy", principal, slug, { policy: formString(formData, "policy") });
  if (result.ok) revalidatePath(`/w/${slug}`, "layout");
  return result;
}

export async function setCorsOrigins(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction("workspace.setCorsOrigins", principal, slug, { origins: formString(formData, "origins") });
  if (result.ok) revalidatePath(`/w/${slug}/settings`);
  return result;
}
