import type { Metadata } from "next";
import { Alert, Badge, Card, CardBody, CardHeader, EmptyState, PageHeader } from "@/components/ui";
import { runOperatorAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { lookup } from "@/lib/console/format";
import { requireOperatorPage } from "@/lib/console/operator-context";
import { STATE_LABELS } from "@/lib/status/types";
import { updateComponentAction } from "../actions";
import { ComponentForm } from "./component-form";

export const metadata: Metadata = { title: "Components" };

export default async function ComponentsPage() {
  await requireOperatorPage("/operator/components");
  const result = await runOperatorAction("components.list", await getCurrentUser(), {});
  const components = result.ok ? result.data : [];
  return (
    <>
      <PageHeader
        title="Components"
        description="What the public status page lists: the console, the API and one component per upstream provider. Rename, reorder, hide, or force a state."
      />
      {!result.ok ? (
        <Alert variant="error" title="Couldn't load the components">
          {result.error.message} Reload the page to try again.
        </Alert>
      ) : components.length === 0 ? (
        <EmptyState title="No components" description="Components appear here once the status page has been set up." />
      ) : (
        <div className="space-y-6">
          {components.map((c) => (
            <Card key={c.id} aria-labelledby={`component-${c.key}`}>
              <CardHeader
                titleId={`component-${c.key}`}
                title={c.name}
                description={<code className="font-mono">{c.key}</code>}
                actions={
                  <>
                    {c.hidden ? <Badge>Hidden</Badge> : null}
                    {c.overrideState ? <Badge tone="warning">{`Forced: ${lookup(STATE_LABELS, c.overrideState) ?? c.overrideState}`}</Badge> : <Badge tone="success">Automatic</Badge>}
                  </>
                }
              />
              <CardBody>
                <ComponentForm component={c} action={updateComponentAction} />
              </CardBody>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
