import type { Metadata } from "next";
import { FocusLayout } from "@/components/focus-layout";
import { SignOutButton } from "@/components/console/sign-out-button";
import { ButtonLink, Card, CardBody } from "@/components/ui";
import { requireUser } from "@/lib/auth/current-user";
import { listWorkspacesOfUser } from "@/lib/console/page-context";
import { VerifyEmailNotice } from "@/components/console/verify-email-notice";
import { resendVerificationAction } from "@/app/account/verification-actions";
import { createWorkspaceAction } from "./actions";
import { CreateWorkspaceForm } from "./create-workspace-form";

export const metadata: Metadata = { title: "Create a workspace" };

export default async function NewWorkspacePage() {
  const user = await requireUser("/workspaces/new");
  const workspaces = await listWorkspacesOfUser(user.userId);

  return (
    <FocusLayout
      homeHref="/w"
      headerActions={
        workspaces.length > 0 ? (
          <ButtonLink href="/w" variant="ghost" size="sm">
            Back to console
          </ButtonLink>
        ) : (
          <SignOutButton appearance="button" variant="ghost" />
        )
      }
    >
      <div className="mb-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
          {user.emailVerified ? "Create a workspace" : "Verify your e-mail"}
        </h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          {user.emailVerified
            ? "A workspace is where your team works together. You'll be its Owner and can invite others next."
            : "Confirm your address first; then you can create a workspace and invite your team."}
        </p>
      </div>
      <Card as="div">
        <CardBody className="py-6!">
          {user.emailVerified ? (
            <CreateWorkspaceForm action={createWorkspaceAction} />
          ) : (
            <VerifyEmailNotice email={user.email} action={resendVerificationAction} blocks="create a workspace" />
          )}
        </CardBody>
      </Card>
      <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">Signed in as {user.email}</p>
    </FocusLayout>
  );
}
