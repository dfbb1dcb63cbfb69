"use client";

import { useActionState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { FormField, Input, SubmitButton } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function RenameWorkspaceForm({ action, name }: { action: Action; name: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormAlert state={state} fields={["name"]} success="Workspace renamed." />
      <FormField
        label="Workspace name"
        name="name"
        required
        maxLength={80}
        defaultValue={name}
        key={name}
        error={fieldError(state, "name")}
      />
      <SubmitButton loadingLabel="Saving…">Save name</SubmitButton>
    </form>
  );
}

export function DeleteWorkspaceForm({ action, slug }: { action: Action; slug: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormAlert state={state} fields={["confirmSlug"]} />
      <FormField
        label={
          <>
            Type <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{slug}</code> to confirm
          </>
        }
        name="confirmSlug"
        error={fieldError(state, "confirmSlug")}
      >
        {(p) => <Input {...p} required autoComplete="off" autoCapitalize="none" spellCheck={false} />}
      </FormField>
      <SubmitButton variant="danger" loadingLabel="Deleting workspace…">
        Delete this workspace
      </SubmitButton>
    </form>
  );
}
