"use client";

import { useActionState, useEffect } from "react";
import { CopyField } from "@/components/console/copy-field";
import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Alert, Button, FormField, SubmitButton } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import type { CreatedWebhook } from "./actions";

const SECRET_FIELD_ID = "new-webhook-secret";

export function AddWebhookForm({ action }: { action: (state: FormState<CreatedWebhook>, formData: FormData) => Promise<FormState<CreatedWebhook>> }) {
  const { state, pending, formProps } = useStickyForm(action);
  const created = state?.ok ? state.data : undefined;

  // The secret is the one thing to act on now: put focus on it.
  useEffect(() => {
    if (created) document.getElementById(SECRET_FIELD_ID)?.focus();
  }, [created]);

  return (
    <div className="space-y-5">
      <form {...formProps} className="space-y-4">
        <FormAlert state={state} fields={["name", "url"]} />
        <div className="grid gap-4 sm:grid-cols-[14rem_minmax(0,1fr)_auto] sm:items-start">
          <FormField label="Name" id="webhook-name" name="name" required maxLength={80} autoComplete="off" error={fieldError(state, "name")} />
          <FormField
            label="URL"
            id="webhook-url"
            name="url"
            type="url"
            required
            maxLength={2000}
            autoComplete="off"
            spellCheck={false}
            hint="An https:// address on the public internet."
            error={fieldError(state, "url")}
          />
          <div className="sm:pt-7">
            <Button type="submit" className="w-full sm:w-auto" loading={pending} loadingLabel="Adding webhook…">
              Add webhook
            </Button>
          </div>
        </div>
      </form>
      {created ? (
        <Alert variant="success" title={`Webhook “${created.name}” added`}>
          <div className="mt-3 space-y-3 text-slate-900 dark:text-slate-100">
            <p className="font-semibold">Copy this signing secret now. It will not be shown again.</p>
            <CopyField
              id={SECRET_FIELD_ID}
              label="Signing secret"
              value={created.secret}
              hint="Your receiver checks each delivery's X-Auriko-Signature with it (see the API docs). If you lose it, remove the webhook and add it again."
            />
          </div>
        </Alert>
      ) : null}
    </div>
  );
}

export function AddEmailForm({ action }: { action: (state: FormState, formData: FormData) => Promise<FormState> }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3">
      <FormAlert state={state} success="Alerts will be e-mailed to the Owners and Admins." />
      <SubmitButton variant="secondary" loadingLabel="Turning on…">
        E-mail Owners and Admins
      </SubmitButton>
    </form>
  );
}
