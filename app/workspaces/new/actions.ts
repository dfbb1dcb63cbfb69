"use server";

import { redirect } from "next/navigation";
import { runAccountAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";

export async function createWorkspaceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("workspace.create", principal, { name: formString(formData, "name") });
  if (!result.ok) return result;
  const { slug } = result.data;
  redirect(`/w/${encodeURIComponent(slug)}`);
}
