import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader, buttonClasses } from "@/components/ui";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { readUsageFilters, usageQuery } from "@/lib/console/usage-params";
import { DashboardSection } from "./dashboard-section";
import { RecentSection } from "./recent-section";
import { ChartsSkeleton, FiltersSkeleton, TableSkeleton } from "./skeletons";
import { UsageFiltersSection } from "./usage-filters";

export const metadata: Metadata = { title: "Usage" };

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Usage analytics, from metadata only. Each section streams in behind its own Suspense
 * boundary (a loading.tsx here would turn the page's 403/404 into 200s).
 */
export default async function UsagePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}/usage`, "usage.view");
  const filters = readUsageFilters(await searchParams);
  const base = `/w/${encodeURIComponent(actor.slug)}/usage`;
  const query = usageQuery(filters);

  return (
    <>
      <PageHeader
        title="Usage"
        description="Requests, tokens, latency, errors and estimated spend through this workspace's gateway. Times are in UTC."
        actions={
          // A plain link: the CSV comes from a route handler, not a page.
          <a href={`${base}/export${query ? `?${query}` : ""}`} className={buttonClasses("secondary")} download>
            Download CSV
          </a>
        }
      />
      <div className="space-y-8">
        <Suspense fallback={<FiltersSkeleton />}>
          <UsageFiltersSection slug={actor.slug} action={base} values={filters} />
        </Suspense>
        <Suspense key={`d-${query}`} fallback={<ChartsSkeleton />}>
          <DashboardSection slug={actor.slug} filters={filters} />
        </Suspense>
        <Suspense key={`r-${query}`} fallback={<TableSkeleton />}>
          <RecentSection slug={actor.slug} filters={filters} />
        </Suspense>
      </div>
    </>
  );
}
