import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Badge, ButtonLink, Card, CardBody, CardHeader, EmptyState, PageHeader, Timestamp } from "@/components/ui";
import { runOperatorAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requireOperatorPage } from "@/lib/console/operator-context";
import { DeadlineBadge, ImpactBadge, IncidentStatusBadge } from "./status-badges";

export const metadata: Metadata = { title: "Overview" };

export default async function OperatorOverviewPage() {
  await requireOperatorPage("/operator");
  const result = await runOperatorAction("operator.overview", await getCurrentUser(), {});
  const data = result.ok ? result.data : null;

  return (
    <>
      <PageHeader
        title="Operator overview"
        description="Open incidents, upcoming maintenance and security notices that still need attention."
        actions={<ButtonLink href="/operator/incidents/new">New incident</ButtonLink>}
      />
      {!result.ok || !data ? (
        <Alert variant="error" title="Couldn't load the overview">
          {result.ok ? "" : result.error.message} Reload the page to try again.
        </Alert>
      ) : (
        <div className="space-y-8">
          <Card aria-labelledby="security-title">
            <CardHeader
              titleId="security-title"
              title="Security incidents"
              description="Affected customers must be told within 72 hours of confirmation."
            />
            <CardBody>
              {data.securityIncidents.length === 0 ? (
                <EmptyState as="h3" title="Nothing to notify" description="No security incident has untold Owners or Admins." />
              ) : (
                <ul className="divide-y divide-slate-200 dark:divide-slate-800">
                  {data.securityIncidents.map((s) => (
                    <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                      <div className="min-w-0 space-y-1">
                        <Link href={`/operator/incidents/${s.id}`} className="font-medium text-brand-700 underline dark:text-brand-300">
                          {s.title}
                        </Link>
                        <p className="text-sm text-slate-600 dark:text-slate-400">
                          {s.workspaces} affected {s.workspaces === 1 ? "workspace" : "workspaces"} ·{" "}
                          {s.unsent === 0 ? "everyone notified" : `${s.unsent} Owners/Admins not yet notified`}
                          {s.queuedEmails > 0 ? ` · ${s.queuedEmails} emails queued, not yet delivered` : ""}
                        </p>
                      </div>
                      <div className="flex flex-wrap items-center gap-2">
                        {s.notifyDeadline ? <DeadlineBadge deadline={s.notifyDeadline} /> : <Badge tone="warning">Not confirmed</Badge>}
                        {s.unsent > 0 ? <Badge tone="danger">{`${s.unsent} unsent`}</Badge> : null}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>

          <Card aria-labelledby="open-title">
            <CardHeader titleId="open-title" title="Open incidents" />
            <CardBody>
              {data.openIncidents.length === 0 ? (
                <EmptyState as="h3" title="No open incidents" description="Open one when something is wrong, so customers see it on the status page." />
              ) : (
                <ul className="divide-y divide-slate-200 dark:divide-slate-800">
                  {data.openIncidents.map((i) => (
                    <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                      <div className="min-w-0 space-y-1">
                        <Link href={`/operator/incidents/${i.id}`} className="font-medium text-brand-700 underline dark:text-brand-300">
                          {i.title}
                        </Link>
                        <p className="text-sm text-slate-600 dark:text-slate-400">
                          Started <Timestamp at={i.startedAt} />
                          {i.isPublic ? "" : " · private"}
                          {i.isSecurity ? " · security" : ""}
                        </p>
                      </div>
                      <div className="flex flex-wrap gap-2">
                        <IncidentStatusBadge status={i.status} />
                        <ImpactBadge impact={i.impact} />
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>

          <Card aria-labelledby="maintenance-title">
            <CardHeader titleId="maintenance-title" title="Upcoming and ongoing maintenance" />
            <CardBody>
              {data.upcomingMaintenance.length === 0 ? (
                <EmptyState as="h3" title="No maintenance scheduled" action={<ButtonLink href="/operator/maintenance" variant="secondary">Schedule maintenance</ButtonLink>} />
              ) : (
                <ul className="divide-y divide-slate-200 dark:divide-slate-800">
                  {data.upcomingMaintenance.map((m) => (
                    <li key={m.id} className="py-3">
                      <p className="font-medium text-slate-900 dark:text-white">{m.title}</p>
                      <p className="text-sm text-slate-600 dark:text-slate-400">
                        <Timestamp at={m.startsAt} /> to{" "}
                        <Timestamp at={m.endsAt} />
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>
        </div>
      )}
    </>
  );
}
