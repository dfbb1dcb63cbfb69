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
} from "@/components/ui";
import { runOperatorAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requireOperatorPage } from "@/lib/console/operator-context";
import type { listMaintenancesForOperator } from "@/lib/status/operator";
import { cancelMaintenanceAction, scheduleMaintenanceAction } from "../actions";
import { MaintenanceForm } from "./maintenance-form";

export const metadata: Metadata = { title: "Maintenance" };

type Maintenance = Awaited<ReturnType<typeof listMaintenancesForOperator>>[number];

/** Pages render per request, so "in progress" is as of this request. */
const cancellable = (m: Maintenance) => !m.cancelledAt && m.endsAt.getTime() > Date.now();

function stateOf(m: Maintenance, now = Date.now()) {
  if (m.cancelledAt) return <Badge>Cancelled</Badge>;
  if (m.endsAt.getTime() <= now) return <Badge tone="success">Completed</Badge>;
  if (m.startsAt.getTime() <= now) return <Badge tone="warning">In progress</Badge>;
  return <Badge tone="info">Scheduled</Badge>;
}

export default async function MaintenancePage() {
  await requireOperatorPage("/operator/maintenance");
  const principal = await getCurrentUser();
  const [list, components] = await Promise.all([
    runOperatorAction("maintenance.list", principal, {}),
    runOperatorAction("components.list", principal, {}),
  ]);
  const windows = list.ok ? list.data : [];
  return (
    <>
      <PageHeader title="Maintenance" description="Planned work, shown on the status page; affected components show as under maintenance while it runs." />
      <div className="space-y-8">
        <Card aria-labelledby="schedule-title">
          <CardHeader titleId="schedule-title" title="Schedule maintenance" description="Times are in UTC." />
          <CardBody>
            <MaintenanceForm
              action={scheduleMaintenanceAction}
              components={components.ok ? components.data.map((c) => ({ id: c.id, name: c.name })) : []}
            />
          </CardBody>
        </Card>

        <section aria-labelledby="windows-title" className="space-y-3">
          <h2 id="windows-title" className="text-lg font-semibold text-slate-900 dark:text-white">
            Maintenance windows
          </h2>
          {!list.ok ? (
            <Alert variant="error" title="Couldn't load maintenance windows">
              {list.error.message} Reload the page to try again.
            </Alert>
          ) : windows.length === 0 ? (
            <EmptyState as="h3" title="No maintenance scheduled" description="Schedule a window above before planned work." />
          ) : (
            <Table label="Maintenance windows">
              <TableCaption className="sr-only">Maintenance windows, latest first</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Title</TableHeaderCell>
                  <TableHeaderCell>Window</TableHeaderCell>
                  <TableHeaderCell>Components</TableHeaderCell>
                  <TableHeaderCell>State</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {windows.map((m) => (
                  <TableRow key={m.id}>
                    <TableCell className="font-medium text-slate-900 dark:text-white">{m.title}</TableCell>
                    <TableCell>
                      <Timestamp at={m.startsAt} className="whitespace-nowrap" />{" "}
                      to{" "}
                      <Timestamp at={m.endsAt} className="whitespace-nowrap" />
                    </TableCell>
                    <TableCell>{m.components.map((c) => c.component.name).join(", ")}</TableCell>
                    <TableCell>{stateOf(m)}</TableCell>
                    <TableCell>
                      {cancellable(m) ? (
                        <ConfirmAction
                          action={cancelMaintenanceAction}
                          fields={{ maintenanceId: m.id }}
                          label="Cancel"
                          srLabel={m.title}
                          prompt={`Cancel “${m.title}”? It disappears from the status page.`}
                          confirmLabel="Confirm cancel"
                        />
                      ) : null}
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
