import "server-only";

export { UsageMeter, processMeter, type MeterStats } from "./meter";
export { RANGES, STATUS_FILTERS, usageFilterSchema, windowsFor, type Range, type StatusFilter, type UsageFilters } from "./filters";
export { getUsageDashboard, getUsageFilterOptions, getUsageOverview, type UsageDashboard, type UsageFilterOptions, type UsageOverview, type PeriodStats, type Changes } from "./queries";
export { getWorkspaceSetup, type WorkspaceSetup } from "./setup";
export { listRecentUsage, csvHeader, csvLines, cursorSchema, type RecentRow, type RecentPage } from "./recent";
export { pruneUsage, startUsageRetentionJob, type PruneReport } from "./retention";
export { costUsd, loadPriceTable, priceOf, type PriceTable } from "./prices";
export type { Totals, SeriesPoint, BreakdownRow } from "./fold";
