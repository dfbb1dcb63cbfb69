import {
  Alert,
  Badge,
  Card,
  CardBody,
  CardHeader,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  Timestamp,
} from "@/components/ui";
import { formatDateTime } from "@/lib/console/format";
import { timeLeft, type securityDelivery } from "@/lib/status/operator";
import { deadlineState } from "@/lib/status/security";
import { confirmSecurityAction, saveSecurityAction, sendNoticesAction } from "../../actions";
import { DeadlineBadge } from "../../status-badges";
import { ConfirmSecurityForm, SecurityDetailsForm, SendNoticesForm } from "./security-forms";

type Delivery = Awaited<ReturnType<typeof securityDelivery>>;
type Incident = {
  id: string;
  isSecurity: boolean;
  confirmedAt: Date | null;
  notifyDeadline: Date | null;
  affectedWorkspaceIds: string[];
  noticeScope: string;
  noticeImpact: string;
  noticeRemediation: string;
};

/** Marking, confirming and notifying, with what is still unsent before the 72-hour deadline. */
export function SecuritySection({ incident, workspaces, delivery }: { incident: Incident; workspaces: { id: string; slug: string; name: string }[]; delivery: Delivery | null }) {
  const confirmed = Boolean(incident.confirmedAt);
  const state = incident.notifyDeadline ? deadlineState(incident.notifyDeadline) : null;
  return (
    <Card aria-labelledby="security-title">
      <CardHeader
        titleId="security-title"
        title="Security incident"
        description={
          incident.isSecurity
            ? "Owners and Admins of each affected workspace get a notice in the console and an email with scope, impact and remediation."
            : "If customer data or credentials may be affected, mark this as a security incident and name the affected workspaces."
        }
        actions={incident.isSecurity ? <Badge tone={confirmed ? "danger" : "warning"}>{confirmed ? "Confirmed" : "Not confirmed"}</Badge> : null}
      />
      <CardBody className="space-y-8">
        {incident.notifyDeadline && incident.confirmedAt ? (
          <Alert
            variant={state === "on_track" ? "info" : state === "due_soon" ? "warning" : "error"}
            role="none"
            title={`Notify by ${formatDateTime(incident.notifyDeadline)}: ${timeLeft(incident.notifyDeadline)}`}
          >
            Confirmed <Timestamp at={incident.confirmedAt} />.{" "}
            {delivery ? `${delivery.unsent} Owners/Admins not yet notified; ${delivery.queuedEmails} emails queued, not yet delivered.` : null}
          </Alert>
        ) : null}

        {delivery && delivery.workspaces.length > 0 ? (
          <section aria-labelledby="delivery-title" className="space-y-3">
            <h3 id="delivery-title" className="text-base font-semibold text-slate-900 dark:text-white">
              Delivery per workspace
            </h3>
            <Table label="Delivery per workspace">
              <TableCaption className="sr-only">Notice delivery per affected workspace</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Workspace</TableHeaderCell>
                  <TableHeaderCell>Notice</TableHeaderCell>
                  <TableHeaderCell>Notified</TableHeaderCell>
                  <TableHeaderCell>Not yet notified</TableHeaderCell>
                  <TableHeaderCell>Emails queued</TableHeaderCell>
                  <TableHeaderCell>Read</TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {delivery.workspaces.map((w) => (
                  <TableRow key={w.workspaceId}>
                    <TableCell className="font-medium text-slate-900 dark:text-white">{w.name ? `${w.name} (${w.slug})` : "Deleted workspace"}</TableCell>
                    <TableCell>{w.noticeId ? <Badge tone="success">Sent</Badge> : <Badge tone="danger">Unsent</Badge>}</TableCell>
                    <TableCell>{w.notified}</TableCell>
                    <TableCell>{w.unsent > 0 ? <Badge tone={state === "on_track" ? "warning" : "danger"}>{`${w.unsent} unsent`}</Badge> : "0"}</TableCell>
                    <TableCell>{w.queuedEmails}</TableCell>
                    <TableCell>{w.read}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>
        ) : null}

        {confirmed ? (
          <section aria-labelledby="send-title" className="space-y-3">
            <h3 id="send-title" className="text-base font-semibold text-slate-900 dark:text-white">
              Send notifications
            </h3>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Sends to everyone not yet notified: newly added workspaces and newly promoted Admins included. Nobody is notified twice.
            </p>
            {incident.notifyDeadline ? <DeadlineBadge deadline={incident.notifyDeadline} /> : null}
            <SendNoticesForm action={sendNoticesAction.bind(null, incident.id)} />
          </section>
        ) : null}

        <section aria-labelledby="details-title" className="space-y-3">
          <h3 id="details-title" className="text-base font-semibold text-slate-900 dark:text-white">
            {incident.isSecurity ? "Notice details" : "Mark as a security incident"}
          </h3>
          <SecurityDetailsForm
            action={saveSecurityAction.bind(null, incident.id)}
            workspaces={workspaces}
            confirmed={confirmed}
            defaults={{
              workspaceIds: incident.affectedWorkspaceIds,
              scope: incident.noticeScope,
              impact: incident.noticeImpact,
              remediation: incident.noticeRemediation,
            }}
          />
        </section>

        {incident.isSecurity && !confirmed ? (
          <section aria-labelledby="confirm-title" className="space-y-3">
            <h3 id="confirm-title" className="text-base font-semibold text-slate-900 dark:text-white">
              Confirm
            </h3>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Confirming starts the 72-hour clock for notifying every affected customer. It cannot be undone.
            </p>
            <ConfirmSecurityForm action={confirmSecurityAction.bind(null, incident.id)} />
          </section>
        ) : null}
      </CardBody>
    </Card>
  );
}
