"use client";

import { useActionState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { Label, Select, SubmitButton } from "@/components/ui";
import type { FormState } from "@/lib/console/form-state";

export type MemberRoleFormProps = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  membershipId: string;
  currentRole: string;
  /** Who this is, for the select's label ("Role for ana@example.com"). */
  who: string;
  roles: { value: string; label: string }[];
};

/** Role select + Save for one member row. */
export function MemberRoleForm({ action, membershipId, currentRole, who, roles }: MemberRoleFormProps) {
  const [state, formAction] = useActionState(action, null);
  const id = `role-${membershipId}`;
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="membershipId" value={membershipId} />
      <div className="flex items-center gap-2">
        <Label htmlFor={id} className="sr-only">
          Role for {who}
        </Label>
        {/* Width on a wrapper: the control's own classes include w-full. */}
        <div className="w-32 shrink-0">
          <Select id={id} name="role" defaultValue={currentRole} options={roles} key={currentRole} />
        </div>
        <SubmitButton variant="secondary" loadingLabel="Saving…">
          Save<span className="sr-only"> role for {who}</span>
        </SubmitButton>
      </div>
      <FormAlert state={state} success="Role updated." className="max-w-xs" />
    </form>
  );
}
