import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Card, CardBody, CardHeader, PageHeader, Timestamp } from "@/components/ui";
import { runOperatorAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { lookup } from "@/lib/console/format";
import { requireOperatorPage } from "@/lib/console/operator-context";
import { STATE_LABELS } from "@/lib/status/types";
import { editIncidentAction, postUpdateAction } from "../../actions";
import { ImpactBadge, IncidentStatusBadge } from "../../status-badges";
import { EditIncidentForm, PostUpdateForm } from "./incident-forms";
import { SecuritySection } from "./security-section";
import { isUuid } from "@/lib/uuid";

export const metadata: Metadata = { title: "Incident" };

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireOperatorPage(`/operator/incidents/${id}`);
  if (!isUuid(id)) notFound();
  const principal = await getCurrentUser();
  const result = await runOperatorAction("incidents.get", principal, { incidentId: id });
  if (!result.ok && result.error.code === "NOT_FOUND") notFound();
  if (!result.ok) {
    return (
      <Alert variant="error" title="Couldn't load the incident">
        {result.error.message} Reload the page to try again.
      </Alert>
    );
  }
  const incident = result.data;
  const [components, workspaces, delivery] = await Promise.all([
    runOperatorAction("components.list", principal, {}),
    runOperatorAction("security.workspaces", principal, {}),
    incident.isSecurity ? runOperatorAction("security.delivery", principal, { incidentId: id }) : Promise.resolve(null),
  ]);
  const pickable = components.ok ? components.data.map((c) => ({ id: c.id, name: c.name })) : [];

  return (
    <>
      <PageHeader
        eyebrow={
          <nav aria-label="Breadcrumb">
            <Link href="/operator/incidents" className="underline">
              Incidents
            </Link>
          </nav>
        }
        title={incident.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <IncidentStatusBadge status={incident.status} />
            <ImpactBadge impact={incident.impact} />
            <span>{incident.isPublic ? "Public" : "Private"}</span>
            <span>
              · started <Timestamp at={incident.startedAt} />
            </span>
            {incident.resolvedAt ? (
              <span>
                · resolved <Timestamp at={incident.resolvedAt} />
              </span>
            ) : null}
          </span>
        }
      />

      <div className="space-y-8">
        <div className="grid gap-8 lg:grid-cols-2">
          <Card aria-labelledby="timeline-title">
            <CardHeader titleId="timeline-title" title="Timeline" description="Oldest first, as customers read it." />
            <CardBody>
              <ol className="space-y-4" aria-label="Incident updates">
                {incident.updates.map((u) => (
                  <li key={u.id} className="border-l-2 border-slate-300 pl-4 dark:border-slate-600">
                    <div className="flex flex-wrap items-center gap-2 text-sm">
                      <IncidentStatusBadge status={u.status} />
                      <Timestamp at={u.createdAt} className="text-slate-600 dark:text-slate-400" />
                      {u.authorEmail ? <span className="text-slate-600 dark:text-slate-400">by {u.authorEmail}</span> : null}
                    </div>
                    <p className="mt-1 text-sm whitespace-pre-line text-slate-800 dark:text-slate-200">{u.body}</p>
                  </li>
                ))}
              </ol>
              {incident.components.length > 0 ? (
                <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">
                  Affects:{" "}
                  {incident.components.map((c) => `${c.component.name} (${lookup(STATE_LABELS, c.state) ?? c.state})`).join(", ")}
                </p>
              ) : null}
            </CardBody>
          </Card>

          <Card aria-labelledby="post-title">
            <CardHeader titleId="post-title" title="Post an update" description="Investigating → identified → monitoring → resolved." />
            <CardBody>
              <PostUpdateForm action={postUpdateAction.bind(null, incident.id)} current={incident.status} />
            </CardBody>
          </Card>
        </div>

        <Card aria-labelledby="edit-title">
          <CardHeader titleId="edit-title" title="Incident details" />
          <CardBody>
            <EditIncidentForm
              action={editIncidentAction.bind(null, incident.id)}
              components={pickable}
              defaults={{
                title: incident.title,
                impact: incident.impact,
                isPublic: incident.isPublic,
                affected: Object.fromEntries(incident.components.map((c) => [c.componentId, c.state])),
              }}
            />
          </CardBody>
        </Card>

        <SecuritySection
          incident={incident}
          workspaces={workspaces.ok ? workspaces.data : []}
          delivery={delivery?.ok ? delivery.data : null}
        />
      </div>
    </>
  );
}
