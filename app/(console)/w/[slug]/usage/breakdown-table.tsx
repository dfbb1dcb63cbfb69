import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui";
import { formatCount, formatMs, formatPercent, formatUsd } from "@/lib/console/usage-format";
import type { BreakdownRow } from "@/lib/usage";

/** Requests, tokens, errors, average latency and estimated spend per model, provider or API key. */
export function BreakdownTable({ title, column, rows, mono = false }: { title: string; column: string; rows: BreakdownRow[]; mono?: boolean }) {
  return (
    <Table label={title}>
      <TableCaption className="font-semibold text-slate-900 dark:text-white">{title}</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>{column}</TableHeaderCell>
          <TableHeaderCell className="text-right">Requests</TableHeaderCell>
          <TableHeaderCell className="text-right">Tokens in / out</TableHeaderCell>
          <TableHeaderCell className="text-right">Errors</TableHeaderCell>
          <TableHeaderCell className="text-right">Avg latency</TableHeaderCell>
          <TableHeaderCell className="text-right">Est. spend</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key}>
            <th scope="row" className={`px-4 py-3 font-medium text-slate-900 dark:text-white ${mono ? "font-mono text-xs" : "text-sm"}`}>
              {r.label}
            </th>
            <TableCell className="text-right whitespace-nowrap tabular-nums">{formatCount(r.requests)}</TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">
              {formatCount(r.promptTokens)} / {formatCount(r.completionTokens)}
            </TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">{formatPercent(r.requests ? r.errors / r.requests : null)}</TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">{formatMs(r.avgLatencyMs)}</TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">
              {r.unpricedRequests === r.requests ? "no price" : formatUsd(r.costUsd)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
