"use client";

import { useActionState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { WorkspaceNameField } from "@/components/console/workspace-name-field";
import { SubmitButton } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";

export type CreateWorkspaceFormProps = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
};

export function CreateWorkspaceForm({ action }: CreateWorkspaceFormProps) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} fields={["name"]} />
      <WorkspaceNameField
        autoComplete="organization"
        hint="Usually your team or company. You can change it later."
        error={fieldError(state, "name")}
      />
      <SubmitButton className="w-full" loadingLabel="Creating workspace…">
        Create workspace
      </SubmitButton>
    </form>
  );
}
