"use server";

import { revalidatePath } from "next/cache";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formString, type FormState } from "@/lib/console/form-state";

export async function markNoticeReadAction(slug: string, _prev: FormState<null>, formData: FormData): Promise<FormState<null>> {
  const result = await runWorkspaceAction("notices.markRead", await getCurrentUser(), slug, { noticeId: formString(formData, "noticeId") });
  if (!result.ok) return result;
  // The banner and the nav count live in the layout.
  revalidatePath(`/w/${slug}`, "layout");
  return { ok: true, data: null };
}
