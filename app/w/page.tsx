import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/current-user";
import { listWorkspacesOfUser } from "@/lib/console/page-context";

export const metadata: Metadata = { title: "Your workspaces" };

/** The console's front door: your first workspace, or the page to create one. */
export default async function WorkspacesIndex() {
  const user = await requireUser("/w");
  const workspaces = await listWorkspacesOfUser(user.userId);
  const first = workspaces[0];
  redirect(first ? `/w/${encodeURIComponent(first.slug)}` : "/workspaces/new");
}
