"use client";

import { useState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Button, Label, Select } from "@/components/ui";
import type { FormState } from "@/lib/console/form-state";

export type MemberRoleFormProps = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  membershipId: string;
  currentRole: string;
  /** Who this is, for the select's label ("Role for ana@example.com"). */
  who: string;
  roles: { value: string; label: string }[];
};

const RANK: Record<string, number> = { OWNER: 3, ADMIN: 2, MEMBER: 1 };

/**
 * Role select + Save for one member row. Choosing a lower role shows "Also revoke their
 * API keys", ticked; the form always sends yes or no, and the server revokes when it is absent.
 */
export function MemberRoleForm({ action, membershipId, currentRole, who, roles }: MemberRoleFormProps) {
  const { state, pending, retry, formProps } = useStickyForm(action, { resetOnSuccess: false });
  const [chosen, setChosen] = useState(currentRole);
  const [revoke, setRevoke] = useState(true);
  const id = `role-${membershipId}`;
  const lowering = (RANK[chosen] ?? 0) < (RANK[currentRole] ?? 0);
  return (
    <form {...formProps} className="space-y-2">
      <input type="hidden" name="membershipId" value={membershipId} />
      <input type="hidden" name="revokeKeys" value={revoke ? "yes" : "no"} />
      <div className="flex items-center gap-2">
        <Label htmlFor={id} className="sr-only">
          Role for {who}
        </Label>
        {/* Width on a wrapper: the control's own classes include w-full. */}
        <div className="w-32 shrink-0">
          <Select id={id} name="role" defaultValue={currentRole} options={roles} key={currentRole} onChange={(e) => setChosen(e.target.value)} />
        </div>
        <Button type="submit" variant="secondary" loading={pending} loadingLabel="Saving…">
          Save<span className="sr-only"> role for {who}</span>
        </Button>
      </div>
      {lowering ? (
        <div className="flex max-w-xs items-start gap-2">
          <input
            id={`${id}-revoke`}
            type="checkbox"
            checked={revoke}
            onChange={(e) => setRevoke(e.target.checked)}
            className="mt-0.5 size-4 rounded border-slate-400 text-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600"
          />
          <label htmlFor={`${id}-revoke`} className="text-sm text-slate-700 dark:text-slate-300">
            Also revoke the API keys {who} created in this workspace
          </label>
        </div>
      ) : null}
      <FormAlert state={state} success="Role updated." className="max-w-xs" retry={retry} />
    </form>
  );
}
