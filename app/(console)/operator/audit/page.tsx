import type { Metadata } from "next";
import {
  Alert,
  ButtonLink,
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
import { runOperatorAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requireOperatorPage } from "@/lib/console/operator-context";
import { operatorAuditLabel } from "@/lib/status/operator";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Operator audit log" };

function detailsText(details: unknown): string {
  if (!details || typeof details !== "object") return "";
  return Object.entries(details as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.length : String(v)}`)
    .join(", ");
}

export default async function OperatorAuditPage({ searchParams }: { searchParams: Promise<{ cursor?: string | string[] }> }) {
  await requireOperatorPage("/operator/audit");
  const raw = (await searchParams).cursor;
  const cursor = isUuid(raw) ? raw : undefined;
  const result = await runOperatorAction("operator.audit", await getCurrentUser(), cursor ? { cursor } : {});
  const page = result.ok ? result.data : { events: [], nextCursor: undefined };
  return (
    <>
      <PageHeader title="Operator audit log" description="Everything operators did, newest first. Append-only." />
      {!result.ok ? (
        <Alert variant="error" title="Couldn't load the audit log">
          {result.error.message} Reload the page to try again.
        </Alert>
      ) : page.events.length === 0 ? (
        <EmptyState title="Nothing recorded yet" description="Operator grants, incidents, maintenance and security notices are recorded here." />
      ) : (
        <div className="space-y-4">
          <Table label="Operator audit log">
            <TableCaption className="sr-only">Operator actions, newest first</TableCaption>
            <TableHead>
              <TableRow>
                <TableHeaderCell>When</TableHeaderCell>
                <TableHeaderCell>Who</TableHeaderCell>
                <TableHeaderCell>Action</TableHeaderCell>
                <TableHeaderCell>Target</TableHeaderCell>
                <TableHeaderCell>Details</TableHeaderCell>
                <TableHeaderCell>Address</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {page.events.map((e) => (
                <TableRow key={e.id}>
                  <TableCell>
                    <Timestamp at={e.createdAt} className="whitespace-nowrap" />
                  </TableCell>
                  <TableCell>{e.actorEmail ?? (e.ip === "cli" ? "Command line" : "Unknown")}</TableCell>
                  <TableCell className="font-medium text-slate-900 dark:text-white">{operatorAuditLabel(e.action)}</TableCell>
                  <TableCell>{e.targetLabel ?? ""}</TableCell>
                  <TableCell className="text-xs">{detailsText(e.details)}</TableCell>
                  <TableCell className="font-mono text-xs">{e.ip ?? ""}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {page.nextCursor ? (
            <ButtonLink href={`/operator/audit?cursor=${page.nextCursor}`} variant="secondary">
              Older entries
            </ButtonLink>
          ) : null}
        </div>
      )}
    </>
  );
}
