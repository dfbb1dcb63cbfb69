"use client";

import { useActionState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { SubmitButton } from "@/components/ui";
import type { FormState } from "@/lib/console/form-state";

export function AcceptInvitationForm({ action, workspaceName }: { action: (state: FormState) => Promise<FormState>; workspaceName: string }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4">
      <FormAlert state={state} />
      <SubmitButton className="w-full" loadingLabel="Joining…">
        Accept and join {workspaceName}
      </SubmitButton>
    </form>
  );
}
