import { Skeleton } from "@/components/ui";

/** Placeholders while a section's data loads (each announced once to screen readers). */
export function FiltersSkeleton() {
  return (
    <div role="status" className="grid gap-4 rounded-lg border border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-5 dark:border-slate-800">
      <span className="sr-only">Loading filters…</span>
      {Array.from({ length: 5 }, (_, i) => (
        <Skeleton key={i} className="h-10" />
      ))}
    </div>
  );
}

export function ChartsSkeleton() {
  return (
    <div role="status" className="space-y-6">
      <span className="sr-only">Loading usage…</span>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-28" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-72" />
        ))}
      </div>
    </div>
  );
}

export function TableSkeleton() {
  return (
    <div role="status" className="space-y-2">
      <span className="sr-only">Loading recent requests…</span>
      {Array.from({ length: 6 }, (_, i) => (
        <Skeleton key={i} className="h-8" />
      ))}
    </div>
  );
}
