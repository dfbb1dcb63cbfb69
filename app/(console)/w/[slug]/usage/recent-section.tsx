import {
  Alert,
  Badge,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  Timestamp,
} from "@/components/ui";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formatCount, formatMs, formatUsd } from "@/lib/console/usage-format";
import type { RecentPage, UsageFilters } from "@/lib/usage";

/** The newest raw rows: metadata only, and the page says so. */
export async function RecentSection({ slug, filters }: { slug: string; filters: UsageFilters }) {
  const result = await runWorkspaceAction("usage.recent", await getCurrentUser(), slug, filters);
  const page: RecentPage = result.ok ? result.data : { rows: [], nextCursor: null };
  return (
    <section aria-labelledby="usage-recent" className="space-y-3">
      <h2 id="usage-recent" className="text-lg font-semibold text-slate-900 dark:text-white">
        Recent requests
      </h2>
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">
        Only metadata is kept: time, API key, model, status, token counts and timings. Prompts and responses are never
        stored, so they cannot be shown here. Raw rows are kept for a limited time; daily totals are kept longer.
      </p>
      {!result.ok ? <Alert variant="error">{result.error.message}</Alert> : null}
      {result.ok && page.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No requests in this range.
        </p>
      ) : null}
      {page.rows.length ? (
        <Table label="Recent requests, newest first">
          <TableCaption className="sr-only">Recent requests, newest first{page.nextCursor ? " (the 50 newest; download the CSV for all)" : ""}</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Time</TableHeaderCell>
              <TableHeaderCell>API key</TableHeaderCell>
              <TableHeaderCell>Model</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Request id</TableHeaderCell>
              <TableHeaderCell className="text-right">Tokens in / out</TableHeaderCell>
              <TableHeaderCell className="text-right">Latency</TableHeaderCell>
              <TableHeaderCell className="text-right">TTFB</TableHeaderCell>
              <TableHeaderCell className="text-right">Est. cost</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell className="whitespace-nowrap">
                  <Timestamp at={r.createdAt} />
                </TableCell>
                <TableCell className="max-w-48 truncate">{r.keyLabel}</TableCell>
                <TableCell className="font-mono text-xs">
                  {r.model}
                  {r.stream ? <span className="ml-2 font-sans text-slate-600 dark:text-slate-400">stream</span> : null}
                </TableCell>
                <TableCell>
                  <Badge tone={r.status >= 500 ? "danger" : r.status >= 400 ? "warning" : "success"}>{r.status}</Badge>
                  {r.errorType ? <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">{r.errorType}</span> : null}
                </TableCell>
                <TableCell className="font-mono text-xs whitespace-nowrap">
                  {r.requestId ?? <span className="font-sans text-slate-600 dark:text-slate-400">none</span>}
                  <span className="block font-sans text-slate-600 dark:text-slate-400">{r.endpoint}</span>
                </TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums">
                  {formatCount(r.promptTokens)} / {formatCount(r.completionTokens)}
                  {r.estimated ? <span className="block text-xs text-slate-600 dark:text-slate-400">estimated</span> : null}
                </TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums">{formatMs(r.latencyMs)}</TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums">{formatMs(r.ttfbMs)}</TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums">{formatUsd(r.costUsd)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {page.nextCursor ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Showing the 50 newest requests. Download the CSV for all of them.</p>
      ) : null}
    </section>
  );
}
