"use client";

import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Button, FormField, Select } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import { COMPONENT_STATES, STATE_LABELS } from "@/lib/status/types";

type Component = { id: string; key: string; name: string; description: string; position: number; hidden: boolean; overrideState: string | null };

const STATE_OPTIONS = [
  { value: "", label: "Automatic (signals, incidents, maintenance)" },
  ...COMPONENT_STATES.map((s) => ({ value: s, label: `Force: ${STATE_LABELS[s]}` })),
];

export function ComponentForm({ component, action }: { component: Component; action: (s: FormState<null>, f: FormData) => Promise<FormState<null>> }) {
  const { state, pending, retry, formProps } = useStickyForm(action, { resetOnSuccess: false });
  const id = (f: string) => `${component.key}-${f}`;
  return (
    <form {...formProps} className="space-y-4" aria-label={`Settings of ${component.name}`}>
      <input type="hidden" name="componentId" value={component.id} />
      <FormAlert retry={retry} state={state} fields={["name", "description", "position", "overrideState"]} success="Saved." />
      <div className="grid gap-4 md:grid-cols-2">
        <FormField label="Name" id={id("name")} name="name" defaultValue={component.name} required maxLength={80} error={fieldError(state, "name")} />
        <FormField
          label="Position"
          id={id("position")}
          name="position"
          type="number"
          min={0}
          max={1000}
          defaultValue={component.position}
          hint="Lower numbers come first on the status page."
          error={fieldError(state, "position")}
        />
        <FormField
          label="Description"
          id={id("description")}
          name="description"
          defaultValue={component.description}
          maxLength={300}
          className="md:col-span-2"
          error={fieldError(state, "description")}
        />
        <FormField label="State" id={id("state")} name="overrideState" error={fieldError(state, "overrideState")} hint="Forcing a state overrides every automatic signal until you set it back to automatic.">
          {(p) => <Select {...p} options={STATE_OPTIONS} defaultValue={component.overrideState ?? ""} />}
        </FormField>
        <div className="flex items-center gap-2 md:pt-8">
          <input
            id={id("hidden")}
            name="hidden"
            type="checkbox"
            defaultChecked={component.hidden}
            className="size-4 rounded border-slate-400 text-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600"
          />
          <label htmlFor={id("hidden")} className="text-sm font-medium text-slate-900 dark:text-slate-100">
            Hide from the public status page
          </label>
        </div>
      </div>
      <Button type="submit" loading={pending} loadingLabel="Saving…">
        Save {component.name}
      </Button>
    </form>
  );
}
