import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LimitsForm } from "@/components/console/limits-form";
import { LimitsUse } from "@/components/console/limits-use";
import { Alert, ButtonLink, Card, CardBody, CardHeader, PageHeader } from "@/components/ui";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { limitsValues } from "@/lib/console/limits-view";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { can } from "@/lib/rbac";
import { isUuid } from "@/lib/uuid";
import { saveLimits } from "../../actions";

export const metadata: Metadata = { title: "Key limits" };

type Params = Promise<{ slug: string; keyId: string }>;

export default async function KeyLimitsPage({ params }: { params: Params }) {
  const { slug, keyId } = await params;
  if (!isUuid(keyId)) notFound();
  const actor = await requireWorkspacePage(slug, `/w/${slug}/keys/${keyId}/limits`, "apiKeys.manageOwn");
  const principal = await getCurrentUser();
  const [keysResult, limitsResult] = await Promise.all([
    runWorkspaceAction("apiKeys.list", principal, slug, {}),
    runWorkspaceAction("limits.get", principal, slug, { apiKeyId: keyId }),
  ]);
  if (!limitsResult.ok && limitsResult.error.code === "NOT_FOUND") notFound();
  const key = keysResult.ok ? keysResult.data.find((k) => k.id === keyId) : undefined;
  if (keysResult.ok && !key) notFound();
  const manage = can(actor.role, "limits.manage");
  const label = key ? `${key.name} (${key.prefix}…)` : "this key";

  return (
    <>
      <PageHeader
        title={`Limits of ${label}`}
        description={
          manage
            ? "What this key may spend and call. The workspace's own limits (Settings) apply on top."
            : "What this key may spend and call, set by the workspace's Owners and Admins. The workspace's own limits apply on top."
        }
        actions={
          <ButtonLink href={`/w/${slug}/keys`} variant="secondary">
            Back to API keys
          </ButtonLink>
        }
      />
      {!limitsResult.ok ? (
        <Alert variant="error" title="Couldn't load the limits">
          {limitsResult.error.message} Reload the page to try again.
        </Alert>
      ) : (
        <div className="space-y-8">
          <Card aria-labelledby="use-title">
            <CardHeader titleId="use-title" title="Current use" description="Counted on every gateway instance together; windows are UTC minutes, days and months." />
            <CardBody>
              <LimitsUse use={limitsResult.data.use} limits={limitsResult.data.limits} showLimits={!manage} />
            </CardBody>
          </Card>
          {manage ? (
            <Card aria-labelledby="set-title">
              <CardHeader titleId="set-title" title="Set limits" description="Leave a field empty for no limit. Saving replaces all of them." />
              <CardBody>
                <LimitsForm action={saveLimits.bind(null, slug, keyId)} values={limitsValues(limitsResult.data.limits)} idPrefix="key" submitLabel="Save key limits" />
              </CardBody>
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}
