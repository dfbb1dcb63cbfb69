"use server";

import { revalidatePath } from "next/cache";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";

/** What the add form shows once: the signing secret (stored sealed, never shown again). */
export type CreatedWebhook = { name: string; url: string; secret: string };

export async function addWebhook(slug: string, _prev: FormState<CreatedWebhook>, formData: FormData): Promise<FormState<CreatedWebhook>> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction("alerts.addWebhook", principal, slug, { name: formString(formData, "name"), url: formString(formData, "url") });
  if (!result.ok) return result;
  revalidatePath(`/w/${slug}/alerts`);
  const { destination, secret } = result.data;
  return { ok: true, data: { name: destination.name, url: destination.url ?? "", secret } };
}

export async function addEmail(slug: string): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction("alerts.addEmail", principal, slug, {});
  if (result.ok) revalidatePath(`/w/${slug}/alerts`);
  return result;
}

export async function removeDestination(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction("alerts.remove", principal, slug, { destinationId: formString(formData, "destinationId") });
  if (result.ok) revalidatePath(`/w/${slug}/alerts`);
  return result;
}
