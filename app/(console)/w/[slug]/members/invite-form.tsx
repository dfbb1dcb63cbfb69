"use client";

import { useActionState } from "react";
import { CopyField } from "@/components/console/copy-field";
import { FormAlert } from "@/components/console/form-alert";
import { Alert, FormField, Select, SubmitButton } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import type { Invited } from "./actions";

export type InviteFormProps = {
  action: (state: FormState<Invited>, formData: FormData) => Promise<FormState<Invited>>;
  /** Roles the signed-in member may hand out (assignableRoles). */
  roles: { value: string; label: string }[];
};

export function InviteForm({ action, roles }: InviteFormProps) {
  const [state, formAction] = useActionState(action, null);
  const invited = state?.ok ? state.data : undefined;
  const defaultRole = roles.some((r) => r.value === "MEMBER") ? "MEMBER" : roles[0]?.value;

  return (
    <div className="space-y-5">
      <form action={formAction} className="space-y-4" noValidate>
        <FormAlert state={state} fields={["email", "role"]} />
        <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-start">
          <FormField
            label="Email"
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            required
            maxLength={320}
            error={fieldError(state, "email")}
          />
          <FormField label="Role" id="invite-role" name="role" error={fieldError(state, "role")}>
            {(p) => <Select {...p} options={roles} defaultValue={defaultRole} />}
          </FormField>
          <div className="sm:pt-7">
            <SubmitButton className="w-full sm:w-auto" loadingLabel="Creating invitation…">
              Create invitation
            </SubmitButton>
          </div>
        </div>
      </form>

      {invited ? (
        <Alert variant="success" title={`Invitation created for ${invited.invitation.email}`}>
          <div className="mt-3 space-y-3 text-slate-900 dark:text-slate-100">
            <CopyField
              id="invite-link"
              label="Invitation link"
              value={invited.link}
              hint="No mail server is configured: send this link yourself. It works once and expires in 7 days."
            />
          </div>
        </Alert>
      ) : null}
    </div>
  );
}
