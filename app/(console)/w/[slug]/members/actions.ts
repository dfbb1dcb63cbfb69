"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runWorkspaceAction, type WorkspaceActionData, type WorkspaceActionName } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";

/**
 * Members page actions. The workspace comes from the bound slug (the URL), never from
 * the form; each action forwards only the fields it accepts.
 */
async function run<N extends WorkspaceActionName>(name: N, slug: string, input: Record<string, string>): Promise<FormState<WorkspaceActionData<N>>> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction(name, principal, slug, input);
  if (result.ok) {
    // Roles show in the sidebar's switcher too, so refresh the whole workspace frame.
    revalidatePath(`/w/${slug}`, "layout");
  }
  return result;
}

/** The invitation and its one-time link: the form shows the link, since no mail server sends it. */
export type Invited = WorkspaceActionData<"members.invite">;

export async function inviteMember(slug: string, _prev: FormState<Invited>, formData: FormData): Promise<FormState<Invited>> {
  return run("members.invite", slug, { email: formString(formData, "email"), role: formString(formData, "role") });
}

export async function changeMemberRole(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return run("members.changeRole", slug, {
    membershipId: formString(formData, "membershipId"),
    role: formString(formData, "role"),
    // Absent (an older form) means the server's default: revoke on a demotion.
    ...(formData.has("revokeKeys") ? { revokeKeys: formString(formData, "revokeKeys") } : {}),
  });
}

export async function removeMember(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return run("members.remove", slug, { membershipId: formString(formData, "membershipId") });
}

export async function transferOwnership(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return run("workspace.transfer", slug, { membershipId: formString(formData, "membershipId") });
}

export async function revokeInvitation(slug: string, _prev: FormState, formData: FormData): Promise<FormState> {
  return run("invitations.revoke", slug, { invitationId: formString(formData, "invitationId") });
}

/** Takes no form fields: leaving needs nothing but the workspace in the URL. */
export async function leaveWorkspace(slug: string): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runWorkspaceAction("workspace.leave", principal, slug, {});
  if (!result.ok) return result;
  revalidatePath("/w", "layout");
  redirect("/w");
}
