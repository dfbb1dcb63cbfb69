"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAccountAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import type { FormState } from "@/lib/console/form-state";

/**
 * The token (and the e-mailed link's mailbox proof, when the invitee came from the e-mail)
 * are bound from the URL the invitee opened; the form itself carries nothing.
 */
export async function acceptInvitation(token: string, proof: string | undefined): Promise<FormState> {
  const principal = await getCurrentUser();
  const result = await runAccountAction("invitation.accept", principal, proof ? { token, proof } : { token });
  if (!result.ok) return result;
  const { slug } = result.data;
  revalidatePath("/w", "layout");
  redirect(`/w/${encodeURIComponent(slug)}`);
}
