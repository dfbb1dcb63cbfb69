import type { Metadata } from "next";
import { ConfirmAction } from "@/components/console/confirm-action";
import {
  Alert,
  Badge,
  Card,
  CardBody,
  CardHeader,
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
  type BadgeTone,
} from "@/components/ui";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { can } from "@/lib/rbac";
import { addEmail, addWebhook, removeDestination } from "./actions";
import { AddEmailForm, AddWebhookForm } from "./alert-forms";

export const metadata: Metadata = { title: "Alerts" };

type Params = Promise<{ slug: string }>;

const STATE_TONE: Record<string, BadgeTone> = { delivered: "success", queued: "info", pending: "warning", failed: "danger" };
const STATE_LABEL: Record<string, string> = { delivered: "Delivered", queued: "E-mail queued", pending: "Retrying", failed: "Failed" };
const ERROR_LABEL: Record<string, string> = {
  http_status: "receiver answered with an error",
  timeout: "timed out",
  unreachable: "unreachable",
  refused_address: "address not allowed",
  internal_error: "could not be sent",
};

export default async function AlertsPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}/alerts`, "alerts.view");
  const canManage = can(actor.role, "alerts.manage");
  const result = await runWorkspaceAction("alerts.list", await getCurrentUser(), slug, {});
  const destinations = result.ok ? result.data.destinations : [];
  const deliveries = result.ok ? result.data.deliveries : [];
  const hasEmail = destinations.some((d) => d.kind === "email");
  const remove = removeDestination.bind(null, slug);

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Where Auriko tells this workspace about provider keys being refused, error-rate spikes, API keys about to expire and budget thresholds. Alerts carry usage metadata only: never prompts, responses, keys or tokens."
      />
      <div className="space-y-8">
        {!result.ok ? (
          <Alert variant="error" title="Couldn't load the alert settings">
            {result.error.message} Reload the page to try again.
          </Alert>
        ) : null}

        {canManage ? (
          <Card aria-labelledby="add-webhook-title">
            <CardHeader
              titleId="add-webhook-title"
              title="Add a webhook"
              description="Each delivery is a signed JSON POST. Failed deliveries are retried for about 8 hours."
            />
            <CardBody>
              <AddWebhookForm action={addWebhook.bind(null, slug)} />
            </CardBody>
          </Card>
        ) : null}

        {canManage && !hasEmail ? (
          <Card aria-labelledby="add-email-title">
            <CardHeader
              titleId="add-email-title"
              title="E-mail"
              description="Send every alert by e-mail to this workspace's Owners and Admins (whoever they are when it fires)."
            />
            <CardBody>
              <AddEmailForm action={addEmail.bind(null, slug)} />
            </CardBody>
          </Card>
        ) : null}

        <section aria-labelledby="destinations-title" className="space-y-3">
          <h2 id="destinations-title" className="text-lg font-semibold text-slate-900 dark:text-white">
            Destinations <span className="font-normal text-slate-600 dark:text-slate-400">({destinations.length})</span>
          </h2>
          {destinations.length === 0 ? (
            <EmptyState as="h3" title="No alert destinations yet" description="Add a webhook or turn on e-mail above; until then, alerts are not sent anywhere." />
          ) : (
            <Table label="Alert destinations">
              <TableCaption className="sr-only">Alert destinations of {actor.workspaceName}</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Type</TableHeaderCell>
                  <TableHeaderCell>Target</TableHeaderCell>
                  <TableHeaderCell>Added</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {destinations.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell className="font-medium text-slate-900 dark:text-white">{d.name}</TableCell>
                    <TableCell>
                      <Badge tone={d.kind === "webhook" ? "brand" : "info"}>{d.kind === "webhook" ? "Webhook" : "E-mail"}</Badge>
                    </TableCell>
                    <TableCell>
                      {d.kind === "webhook" ? (
                        <span className="space-y-1">
                          <code className="block font-mono text-sm break-all text-slate-900 dark:text-slate-100">{d.url}</code>
                          <span className="block text-sm text-slate-600 dark:text-slate-400">Secret {d.secretHint}…</span>
                        </span>
                      ) : (
                        "Owners and Admins"
                      )}
                    </TableCell>
                    <TableCell>
                      <Timestamp at={d.createdAt} dateOnly className="whitespace-nowrap" />
                    </TableCell>
                    <TableCell>
                      {canManage ? (
                        <div className="flex justify-end">
                          <ConfirmAction
                            action={remove}
                            fields={{ destinationId: d.id }}
                            label="Remove"
                            srLabel={d.name}
                            prompt={`Remove ${d.name}? It will receive no more alerts.`}
                            confirmLabel="Confirm remove"
                          />
                        </div>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>

        <section aria-labelledby="deliveries-title" className="space-y-3">
          <h2 id="deliveries-title" className="text-lg font-semibold text-slate-900 dark:text-white">
            Recent deliveries
          </h2>
          {deliveries.length === 0 ? (
            <EmptyState as="h3" title="Nothing sent yet" description="Deliveries appear here with their status once an alert fires." />
          ) : (
            <Table label="Recent alert deliveries">
              <TableCaption className="sr-only">The last 25 alert deliveries</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>When</TableHeaderCell>
                  <TableHeaderCell>Alert</TableHeaderCell>
                  <TableHeaderCell>Destination</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>Attempts</TableHeaderCell>
                  <TableHeaderCell>Last response</TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {deliveries.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>
                      <Timestamp at={d.createdAt} className="whitespace-nowrap" />
                    </TableCell>
                    <TableCell className="text-slate-900 dark:text-white">{d.alert.title}</TableCell>
                    <TableCell>{d.destination.name}</TableCell>
                    <TableCell>
                      <Badge tone={STATE_TONE[d.state] ?? "neutral"}>{STATE_LABEL[d.state] ?? d.state}</Badge>
                    </TableCell>
                    <TableCell>{d.attempts}</TableCell>
                    <TableCell>
                      {d.destination.kind === "email"
                        ? `${d.recipients ?? 0} recipient(s)`
                        : [d.lastStatus ? `HTTP ${d.lastStatus}` : null, d.lastError ? ERROR_LABEL[d.lastError] ?? d.lastError : null].filter(Boolean).join(", ") || "—"}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      </div>
    </>
  );
}
