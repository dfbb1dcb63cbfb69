"use client";

import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Button, FormField, Select, Textarea } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import { IncidentFields, type PickableComponent } from "../incident-fields";

const OPENING_STATUS = [
  { value: "investigating", label: "Investigating" },
  { value: "identified", label: "Identified" },
  { value: "monitoring", label: "Monitoring" },
];

export function IncidentCreateForm({ components, action }: { components: PickableComponent[]; action: (s: FormState<null>, f: FormData) => Promise<FormState<null>> }) {
  const { state, pending, retry, formProps } = useStickyForm(action, { resetOnSuccess: false });
  const errors = (f: string) => fieldError(state, f) ?? (f === "components" && state && !state.ok && state.error.field?.startsWith("components") ? state.error.message : undefined);
  return (
    <form {...formProps} className="max-w-3xl space-y-5">
      <FormAlert retry={retry} state={state} fields={["title", "impact", "status", "body", "components"]} />
      <IncidentFields idPrefix="new-incident" components={components} errors={errors} />
      <FormField label="Status" id="new-incident-status" name="status" error={fieldError(state, "status")}>
        {(p) => <Select {...p} options={OPENING_STATUS} defaultValue="investigating" />}
      </FormField>
      <FormField label="First update" id="new-incident-body" name="body" required error={fieldError(state, "body")} hint="What customers read first: what is affected and what you are doing.">
        {(p) => <Textarea {...p} rows={5} maxLength={4000} />}
      </FormField>
      <Button type="submit" loading={pending} loadingLabel="Opening incident…">
        Open incident
      </Button>
    </form>
  );
}
