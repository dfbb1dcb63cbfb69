import { FormField, Select } from "@/components/ui";
import { FilterActions } from "@/components/console/filter-actions";
import { auditActionOptions } from "@/lib/console/audit-labels";

export type AuditFiltersProps = {
  /** The audit page's path: the form submits to it with GET, so filters live in the URL. */
  action: string;
  values: { action?: string; actor?: string; from?: string; to?: string };
};

export function AuditFilters({ action, values }: AuditFiltersProps) {
  const active = Boolean(values.action || values.actor || values.from || values.to);
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label="Filter audit events"
      className="grid gap-4 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto] lg:items-end dark:border-slate-800 dark:bg-slate-900"
    >
      <FormField label="Action" id="filter-action" name="action">
        {(p) => (
          <Select {...p} defaultValue={values.action ?? ""}>
            <option value="">All actions</option>
            {auditActionOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Actor email" id="filter-actor" name="actor" type="search" defaultValue={values.actor} placeholder="name@example.com" />
      <FormField label="From" id="filter-from" name="from" type="date" defaultValue={values.from} />
      <FormField label="To" id="filter-to" name="to" type="date" defaultValue={values.to} />
      <FilterActions active={active} clearHref={action} />
    </form>
  );
}
