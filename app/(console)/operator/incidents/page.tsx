import type { Metadata } from "next";
import Link from "next/link";
import {
  Alert,
  Badge,
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
import { DeadlineBadge, ImpactBadge, IncidentStatusBadge } from "../status-badges";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage() {
  await requireOperatorPage("/operator/incidents");
  const result = await runOperatorAction("incidents.list", await getCurrentUser(), {});
  const incidents = result.ok ? result.data : [];
  return (
    <>
      <PageHeader
        title="Incidents"
        description="Open incidents first, then the history. Each has a timeline of updates."
        actions={<ButtonLink href="/operator/incidents/new">New incident</ButtonLink>}
      />
      {!result.ok ? (
        <Alert variant="error" title="Couldn't load the incidents">
          {result.error.message} Reload the page to try again.
        </Alert>
      ) : incidents.length === 0 ? (
        <EmptyState title="No incidents yet" description="When something goes wrong, open an incident so customers see it on the status page." />
      ) : (
        <Table label="Incidents">
          <TableCaption className="sr-only">Incidents, open first</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Title</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Impact</TableHeaderCell>
              <TableHeaderCell>Visibility</TableHeaderCell>
              <TableHeaderCell>Started</TableHeaderCell>
              <TableHeaderCell>Notices</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {incidents.map((i) => (
              <TableRow key={i.id}>
                <TableCell>
                  <Link href={`/operator/incidents/${i.id}`} className="font-medium text-brand-700 underline dark:text-brand-300">
                    {i.title}
                  </Link>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    {i._count.updates} {i._count.updates === 1 ? "update" : "updates"}
                  </span>
                </TableCell>
                <TableCell>
                  <IncidentStatusBadge status={i.status} />
                </TableCell>
                <TableCell>
                  <ImpactBadge impact={i.impact} />
                </TableCell>
                <TableCell>{i.isPublic ? "Public" : "Private"}</TableCell>
                <TableCell>
                  <Timestamp at={i.startedAt} className="whitespace-nowrap" />
                </TableCell>
                <TableCell>
                  {i.isSecurity ? (
                    i.notifyDeadline ? (
                      <DeadlineBadge deadline={i.notifyDeadline} />
                    ) : (
                      <Badge tone="warning">Security, not confirmed</Badge>
                    )
                  ) : (
                    <span className="sr-only">None</span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
