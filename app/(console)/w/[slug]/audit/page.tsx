import type { Metadata } from "next";
import Link from "next/link";
import {
  Alert,
  buttonClasses,
  EmptyState,
  PageHeader,
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
import { auditActionLabel, isAuditAction } from "@/lib/console/audit-labels";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { firstParam } from "@/lib/console/safe-redirect";
import { AuditFilters } from "./audit-filters";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Audit log" };

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters as the form shows them: only well-formed values survive. */
function readFilters(params: Record<string, string | string[] | undefined>) {
  const action = firstParam(params.action);
  const actor = firstParam(params.actor)?.trim().slice(0, 320);
  const from = firstParam(params.from);
  const to = firstParam(params.to);
  const cursor = firstParam(params.cursor);
  return {
    action: isAuditAction(action) ? action : undefined,
    actor: actor || undefined,
    from: from && DAY.test(from) ? from : undefined,
    to: to && DAY.test(to) ? to : undefined,
    cursor: isUuid(cursor) ? cursor : undefined,
  };
}

function describeDetails(details: unknown): string | undefined {
  if (!details || typeof details !== "object" || Array.isArray(details)) return undefined;
  const parts = Object.entries(details as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`);
  return parts.length ? parts.join(", ") : undefined;
}

export default async function AuditLogPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}/audit`, "audit.view");
  const principal = await getCurrentUser();
  const filters = readFilters(await searchParams);

  // Dates are whole UTC days: "to" includes the day it names.
  const query: Record<string, string> = {};
  if (filters.action) query.action = filters.action;
  if (filters.actor) query.actor = filters.actor;
  if (filters.from) query.from = `${filters.from}T00:00:00.000Z`;
  if (filters.to) query.to = `${filters.to}T23:59:59.999Z`;
  if (filters.cursor) query.cursor = filters.cursor;

  const result = await runWorkspaceAction("audit.list", principal, slug, query);
  const page = result.ok ? result.data : { events: [], nextCursor: undefined };
  const filtered = Boolean(filters.action || filters.actor || filters.from || filters.to);

  const base = `/w/${encodeURIComponent(actor.slug)}/audit`;
  const keep = new URLSearchParams();
  for (const k of ["action", "actor", "from", "to"] as const) if (filters[k]) keep.set(k, filters[k]!);
  const firstPageHref = keep.size ? `${base}?${keep}` : base;
  const nextHref = page.nextCursor ? `${base}?${new URLSearchParams([...keep, ["cursor", page.nextCursor]])}` : undefined;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Sign-ins, invitations, role changes and settings changes in this workspace. Times are in UTC."
      />

      <div className="space-y-6">
        <AuditFilters action={base} values={filters} />

        {!result.ok ? <Alert variant="error">{result.error.message}</Alert> : null}

        {result.ok && page.events.length === 0 ? (
          <EmptyState
            title={filtered ? "No events match these filters" : "No events yet"}
            description={
              filtered
                ? "Try a wider date range or another action."
                : "Events appear here as people sign in and change things in this workspace."
            }
            action={
              filtered || filters.cursor ? (
                <Link href={base} className={buttonClasses("secondary")}>
                  Clear filters
                </Link>
              ) : undefined
            }
          />
        ) : null}

        {page.events.length > 0 ? (
          <Table label="Audit events">
            <TableCaption className="sr-only">Audit events, newest first</TableCaption>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Time</TableHeaderCell>
                <TableHeaderCell>Actor</TableHeaderCell>
                <TableHeaderCell>Action</TableHeaderCell>
                <TableHeaderCell>Target</TableHeaderCell>
                <TableHeaderCell>IP address</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {page.events.map((e) => {
                const details = describeDetails(e.details);
                return (
                  <TableRow key={e.id}>
                    <TableCell className="whitespace-nowrap">
                      <Timestamp at={e.createdAt} />
                    </TableCell>
                    <TableCell className="max-w-56 truncate">{e.actorEmail ?? "System"}</TableCell>
                    <TableCell>
                      <span className="font-medium text-slate-900 dark:text-white">{auditActionLabel(e.action)}</span>
                      <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">{e.action}</span>
                    </TableCell>
                    <TableCell>
                      {e.targetLabel ?? "–"}
                      {details ? <span className="block text-xs text-slate-600 dark:text-slate-400">{details}</span> : null}
                    </TableCell>
                    <TableCell className="font-mono text-xs whitespace-nowrap">{e.ip ?? "–"}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        ) : null}

        {nextHref || filters.cursor ? (
          <nav aria-label="Audit log pages" className="flex flex-wrap gap-3">
            {filters.cursor ? (
              <Link href={firstPageHref} className={buttonClasses("secondary")}>
                Back to newest
              </Link>
            ) : null}
            {nextHref ? (
              <Link href={nextHref} className={buttonClasses("secondary")}>
                Load more
              </Link>
            ) : null}
          </nav>
        ) : null}
      </div>
    </>
  );
}
