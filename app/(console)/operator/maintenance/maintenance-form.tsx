"use client";

import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Button, FormField, Textarea } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";

export function MaintenanceForm({
  action,
  components,
}: {
  action: (s: FormState<null>, f: FormData) => Promise<FormState<null>>;
  components: { id: string; name: string }[];
}) {
  const { state, pending, retry, formProps } = useStickyForm(action);
  return (
    <form {...formProps} className="max-w-3xl space-y-5">
      <FormAlert retry={retry} state={state} fields={["title", "description", "startsAt", "endsAt", "componentIds"]} success="Maintenance scheduled." />
      <FormField label="Title" id="maintenance-title" name="title" required maxLength={200} error={fieldError(state, "title")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Starts (UTC)" id="maintenance-start" name="startsAt" type="datetime-local" required error={fieldError(state, "startsAt")} />
        <FormField label="Ends (UTC)" id="maintenance-end" name="endsAt" type="datetime-local" required error={fieldError(state, "endsAt")} />
      </div>
      <FormField label="Description" id="maintenance-description" name="description" error={fieldError(state, "description")} hint="What changes and what customers may notice.">
        {(p) => <Textarea {...p} rows={3} maxLength={4000} />}
      </FormField>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Components</legend>
        {fieldError(state, "componentIds") ? <p className="text-sm font-medium text-red-700 dark:text-red-300">{fieldError(state, "componentIds")}</p> : null}
        <div className="grid gap-2 sm:grid-cols-2">
          {components.map((c) => (
            <div key={c.id} className="flex items-center gap-2">
              <input type="checkbox" id={`mc-${c.id}`} name="componentIds" value={c.id} className="size-4" />
              <label htmlFor={`mc-${c.id}`} className="text-sm text-slate-800 dark:text-slate-200">
                {c.name}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <Button type="submit" loading={pending} loadingLabel="Scheduling…">
        Schedule maintenance
      </Button>
    </form>
  );
}
