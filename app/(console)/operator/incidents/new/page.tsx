import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, CardBody, PageHeader } from "@/components/ui";
import { runOperatorAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requireOperatorPage } from "@/lib/console/operator-context";
import { createIncidentAction } from "../../actions";
import { IncidentCreateForm } from "./incident-create-form";

export const metadata: Metadata = { title: "New incident" };

export default async function NewIncidentPage() {
  await requireOperatorPage("/operator/incidents/new");
  const result = await runOperatorAction("components.list", await getCurrentUser(), {});
  const components = result.ok ? result.data : [];
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
        title="New incident"
        description="Public incidents appear on the status page at once, with this first update."
      />
      {!result.ok ? (
        <Alert variant="error" title="Couldn't load the components">
          {result.error.message}
        </Alert>
      ) : (
        <Card as="div">
          <CardBody>
            <IncidentCreateForm components={components.map((c) => ({ id: c.id, name: c.name }))} action={createIncidentAction} />
          </CardBody>
        </Card>
      )}
    </>
  );
}
