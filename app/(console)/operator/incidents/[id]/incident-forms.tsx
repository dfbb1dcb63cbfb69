"use client";

import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Button, FormField, Select, Textarea } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import { IncidentFields, type PickableComponent } from "../incident-fields";

type Action = (s: FormState<null>, f: FormData) => Promise<FormState<null>>;

const STATUS_OPTIONS = [
  { value: "investigating", label: "Investigating" },
  { value: "identified", label: "Identified" },
  { value: "monitoring", label: "Monitoring" },
  { value: "resolved", label: "Resolved" },
];

/** The next timeline entry. A resolved incident takes only further "resolved" notes. */
export function PostUpdateForm({ action, current }: { action: Action; current: string }) {
  const { state, pending, retry, formProps } = useStickyForm(action);
  const resolved = current === "resolved";
  const options = resolved ? STATUS_OPTIONS.filter((o) => o.value === "resolved") : STATUS_OPTIONS;
  const next = resolved ? "resolved" : (STATUS_OPTIONS[STATUS_OPTIONS.findIndex((o) => o.value === current) + 1]?.value ?? current);
  return (
    <form {...formProps} className="space-y-4">
      <FormAlert retry={retry} state={state} fields={["status", "body"]} success="Update posted." />
      <FormField label="Status" id="update-status" name="status" error={fieldError(state, "status")}>
        {(p) => <Select {...p} options={options} defaultValue={next} />}
      </FormField>
      <FormField label="Update" id="update-body" name="body" required error={fieldError(state, "body")} hint={resolved ? "A note after resolution, such as the root cause." : undefined}>
        {(p) => <Textarea {...p} rows={4} maxLength={4000} />}
      </FormField>
      <Button type="submit" loading={pending} loadingLabel="Posting update…">
        Post update
      </Button>
    </form>
  );
}

export function EditIncidentForm({
  action,
  components,
  defaults,
}: {
  action: Action;
  components: PickableComponent[];
  defaults: { title: string; impact: string; isPublic: boolean; affected: Record<string, string> };
}) {
  const { state, pending, retry, formProps } = useStickyForm(action, { resetOnSuccess: false });
  const errors = (f: string) => fieldError(state, f) ?? (f === "components" && state && !state.ok && state.error.field?.startsWith("components") ? state.error.message : undefined);
  return (
    <form {...formProps} className="space-y-5">
      <FormAlert retry={retry} state={state} fields={["title", "impact", "components"]} success="Incident saved." />
      <IncidentFields idPrefix="edit-incident" components={components} errors={errors} defaults={defaults} />
      <Button type="submit" variant="secondary" loading={pending} loadingLabel="Saving…">
        Save incident
      </Button>
    </form>
  );
}
