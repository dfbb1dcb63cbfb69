import { FormField, Select } from "@/components/ui";
import { FilterActions } from "@/components/console/filter-actions";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { RANGE_LABELS } from "@/lib/console/usage-format";
import type { UsageFilterOptions, UsageFilters } from "@/lib/usage";

const STATUS_LABELS = { "2xx": "Successful (2xx)", "4xx": "Client errors (4xx)", "5xx": "Server errors (5xx)", errors: "All errors (4xx and 5xx)" } as const;

/** The filters as a GET form: they live in the URL, so a filtered view can be shared and reloaded. */
export async function UsageFiltersSection({ slug, action, values }: { slug: string; action: string; values: UsageFilters }) {
  const result = await runWorkspaceAction("usage.options", await getCurrentUser(), slug, {});
  const options: UsageFilterOptions = result.ok ? result.data : { models: [], keys: [] };
  const models = values.model && !options.models.includes(values.model) ? [values.model, ...options.models] : options.models;
  const active = Boolean(values.model || values.apiKeyId || values.status || values.range !== "7d");
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label="Filter usage"
      className="grid gap-4 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto] lg:items-end dark:border-slate-800 dark:bg-slate-900"
    >
      <FormField label="Range" id="usage-range" name="range">
        {(p) => (
          <Select {...p} defaultValue={values.range}>
            {Object.entries(RANGE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Model" id="usage-model" name="model">
        {(p) => (
          <Select {...p} defaultValue={values.model ?? ""}>
            <option value="">All models</option>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="API key" id="usage-key" name="key">
        {(p) => (
          <Select {...p} defaultValue={values.apiKeyId ?? ""}>
            <option value="">All keys</option>
            {options.keys.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
                {k.revoked ? " (revoked)" : ""}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Status" id="usage-status" name="status">
        {(p) => (
          <Select {...p} defaultValue={values.status ?? ""}>
            <option value="">All statuses</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FilterActions active={active} clearHref={action} />
    </form>
  );
}
