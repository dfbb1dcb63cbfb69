"use client";

import { useActionState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { SubmitButton } from "@/components/ui";
import type { FormState } from "@/lib/console/form-state";

export function MarkReadForm({ noticeId, title, action }: { noticeId: string; title: string; action: (s: FormState<null>, f: FormData) => Promise<FormState<null>> }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="noticeId" value={noticeId} />
      <FormAlert state={state} />
      <SubmitButton variant="secondary" size="sm" loadingLabel="Marking as read…">
        Mark as read<span className="sr-only">: {title}</span>
      </SubmitButton>
    </form>
  );
}
