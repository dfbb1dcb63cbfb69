"use client";

import { useState } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Button, FormField, Select } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import type { SavedKey } from "./actions";
import { KeyField, PasswordField } from "./password-field";

export type ProviderOption = { id: string; name: string; keyHint: string; keyOptional?: boolean };

export type AddCredentialFormProps = {
  action: (state: FormState<SavedKey>, formData: FormData) => Promise<FormState<SavedKey>>;
  providers: ProviderOption[];
};

const FIELDS = ["provider", "label", "key", "password"] as const;

export function AddCredentialForm({ action, providers }: AddCredentialFormProps) {
  const { state, pending, formProps } = useStickyForm(action);
  const first = providers[0]?.id ?? "";
  const [providerId, setProviderId] = useState(first);
  const selected = providers.find((p) => p.id === providerId);
  const keyOptional = Boolean(selected?.keyOptional);
  const hint = keyOptional
    ? `${selected?.name ?? "This provider"} needs no key: leave this empty.`
    : selected?.keyHint
      ? `Looks like: ${selected.keyHint}`
      : undefined;

  return (
    <form {...formProps} onReset={() => setProviderId(first)} className="space-y-4">
      <FormAlert
        state={state}
        fields={FIELDS}
        success={state?.ok ? `Key saved and sealed. It shows as …${state.data.last4} from now on.` : undefined}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Provider" id="add-provider" name="provider" error={fieldError(state, "provider")} required>
          {(p) => (
            <Select
              {...p}
              defaultValue={first}
              onChange={(e) => setProviderId(e.currentTarget.value)}
              options={providers.map((o) => ({ value: o.id, label: o.name }))}
            />
          )}
        </FormField>
        <FormField
          label="Label"
          id="add-label"
          name="label"
          maxLength={60}
          autoComplete="off"
          hint="Optional. Tells keys for the same provider apart, e.g. “production”."
          error={fieldError(state, "label")}
        />
      </div>
      <KeyField
        id="add-key"
        label={keyOptional ? "API key (optional)" : "API key"}
        hint={hint}
        state={state}
        required={!keyOptional}
      />
      <PasswordField id="add-password" state={state} />
      <Button type="submit" loading={pending} loadingLabel="Saving the key…">
        Add provider key
      </Button>
    </form>
  );
}
