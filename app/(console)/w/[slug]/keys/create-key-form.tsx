"use client";

import { useEffect } from "react";
import { CodeBlock } from "@/components/code-block";
import { CopyField } from "@/components/console/copy-field";
import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Alert, Button, FormField, Select } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import type { CreatedKey } from "./actions";

export type CreateKeyFormProps = {
  action: (state: FormState<CreatedKey>, formData: FormData) => Promise<FormState<CreatedKey>>;
  /** The console's public origin, for the usage example. */
  origin: string;
  /** A model this workspace reaches, for the usage example (mock/echo until it has a provider key). */
  model?: string;
};

const EXPIRY = [
  { value: "", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 365 days" },
];

const KEY_FIELD_ID = "new-api-key";

function usage(origin: string, key: string, model: string): string {
  return `curl ${origin}/api/v1/chat/completions \\
  -H "Authorization: Bearer ${key}" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello"}]}'`;
}

export function CreateKeyForm({ action, origin, model = "mock/echo" }: CreateKeyFormProps) {
  const { state, pending, retry, formProps } = useStickyForm(action);
  const created = state?.ok ? state.data : undefined;

  // The new key is the one thing to act on now: put focus (and the selection) on it.
  useEffect(() => {
    if (created) document.getElementById(KEY_FIELD_ID)?.focus();
  }, [created]);

  return (
    <div className="space-y-5">
      <form {...formProps} className="space-y-4">
        <FormAlert state={state} fields={["name", "expiresInDays"]} retry={retry} />
        <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-start">
          <FormField
            label="Name"
            id="key-name"
            name="name"
            required
            maxLength={80}
            autoComplete="off"
            hint="Name it after the app or service that will use it."
            error={fieldError(state, "name")}
          />
          <FormField label="Expires" id="key-expiry" name="expiresInDays" error={fieldError(state, "expiresInDays")}>
            {(p) => <Select {...p} options={EXPIRY} defaultValue="" />}
          </FormField>
          <div className="sm:pt-7">
            <Button type="submit" className="w-full sm:w-auto" loading={pending} loadingLabel="Creating key…">
              Create key
            </Button>
          </div>
        </div>
      </form>

      {created ? (
        <Alert variant="success" title={`API key “${created.name}” created`}>
          <div className="mt-3 space-y-4 text-slate-900 dark:text-slate-100">
            <p className="font-semibold">Copy this key now. It will not be shown again.</p>
            <CopyField
              id={KEY_FIELD_ID}
              label="Your new API key"
              value={created.key}
              hint="Auriko keeps only a hash of it. If you lose it, revoke it and create another."
            />
            <div className="space-y-2">
              <p>Apps send it as a bearer token to the gateway:</p>
              <CodeBlock code={usage(origin, created.key, model)} label="Example request with the new API key" />
              <p className="text-sm">
                Models are named <code className="font-mono">provider/model</code>; <code className="font-mono">mock/echo</code>{" "}
                answers without any provider. Keep the key in a secret manager or an environment variable.
              </p>
            </div>
          </div>
        </Alert>
      ) : null}
    </div>
  );
}
