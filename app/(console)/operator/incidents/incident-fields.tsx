import { FormField, Select } from "@/components/ui";
import { IMPACT_LABELS, INCIDENT_STATE_OPTIONS } from "@/lib/status/operator/format";
import { INCIDENT_IMPACTS } from "@/lib/status/types";

export type PickableComponent = { id: string; name: string };

const IMPACT_OPTIONS = INCIDENT_IMPACTS.map((i) => ({ value: i, label: IMPACT_LABELS[i] }));
const AFFECT_OPTIONS = [{ value: "", label: "Not affected" }, ...INCIDENT_STATE_OPTIONS];

/** Title, impact, visibility and affected components: shared by "new incident" and "edit". */
export function IncidentFields({
  idPrefix,
  components,
  errors,
  defaults = {},
}: {
  idPrefix: string;
  components: PickableComponent[];
  errors: (field: string) => string | undefined;
  defaults?: { title?: string; impact?: string; isPublic?: boolean; affected?: Record<string, string> };
}) {
  const id = (f: string) => `${idPrefix}-${f}`;
  return (
    <>
      <FormField label="Title" id={id("title")} name="title" required maxLength={200} defaultValue={defaults.title} error={errors("title")} />
      <FormField label="Impact" id={id("impact")} name="impact" required error={errors("impact")}>
        {(p) => <Select {...p} options={IMPACT_OPTIONS} defaultValue={defaults.impact ?? "minor"} />}
      </FormField>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Visibility</legend>
        {[
          { value: "public", label: "Public: shown on the status page", checked: defaults.isPublic !== false },
          { value: "private", label: "Private: operators only (e.g. a security incident under investigation)", checked: defaults.isPublic === false },
        ].map((o) => (
          <div key={o.value} className="flex items-center gap-2">
            <input type="radio" id={id(`visibility-${o.value}`)} name="visibility" value={o.value} defaultChecked={o.checked} className="size-4" />
            <label htmlFor={id(`visibility-${o.value}`)} className="text-sm text-slate-800 dark:text-slate-200">
              {o.label}
            </label>
          </div>
        ))}
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Affected components</legend>
        {errors("components") ? <p className="text-sm font-medium text-red-700 dark:text-red-300">{errors("components")}</p> : null}
        <div className="grid gap-3 sm:grid-cols-2">
          {components.map((c) => (
            <FormField key={c.id} label={c.name} id={id(`component-${c.id}`)} name={`component:${c.id}`}>
              {(p) => <Select {...p} options={AFFECT_OPTIONS} defaultValue={defaults.affected?.[c.id] ?? ""} />}
            </FormField>
          ))}
        </div>
      </fieldset>
    </>
  );
}
