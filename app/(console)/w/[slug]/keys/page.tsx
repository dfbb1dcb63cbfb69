import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmAction } from "@/components/console/confirm-action";
import {
  Alert,
  Card,
  CardBody,
  CardHeader,
  EmptyState,
  PageHeader,
  StatusBadge,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  Timestamp,
  type StatusKind,
} from "@/components/ui";
import { runWorkspaceAction, type WorkspaceActionData } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { limitsSummary } from "@/lib/console/limits-view";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { publicOrigin } from "@/lib/http/public-origin";
import { can } from "@/lib/rbac";
import { createApiKey, revokeApiKey } from "./actions";
import { exampleModel } from "@/lib/providers/registry";
import { CreateKeyForm } from "./create-key-form";

export const metadata: Metadata = { title: "API keys" };

type Params = Promise<{ slug: string }>;
type ApiKey = WorkspaceActionData<"apiKeys.list">[number];

/** Pages render per request, so "expired" is as of this request. */
function statusOf(k: ApiKey): StatusKind {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt && k.expiresAt.getTime() <= Date.now()) return "expired";
  return "active";
}

function When({ at, empty, withTime }: { at: Date | null; empty: string; withTime?: boolean }) {
  if (!at) return <span className="whitespace-nowrap">{empty}</span>;
  return <Timestamp at={at} dateOnly={!withTime} className="whitespace-nowrap" />;
}

export default async function ApiKeysPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}/keys`, "apiKeys.manageOwn");
  const principal = await getCurrentUser();
  const seeAll = can(actor.role, "apiKeys.viewAll");
  const manageAll = can(actor.role, "apiKeys.manageAll");

  const [listResult, limitsResult, setupResult] = await Promise.all([
    runWorkspaceAction("apiKeys.list", principal, slug, {}),
    runWorkspaceAction("limits.keys", principal, slug, {}),
    runWorkspaceAction("usage.setup", principal, slug, {}),
  ]);
  const keys = listResult.ok ? listResult.data : [];
  const keyLimits = limitsResult.ok ? limitsResult.data : {};
  const setLimits = can(actor.role, "limits.manage");
  const revoke = revokeApiKey.bind(null, slug);

  return (
    <>
      <PageHeader
        title="API keys"
        description={
          seeAll
            ? "Keys your apps use to call the gateway on behalf of this workspace. As an Owner or Admin you see everyone's keys and can revoke any of them."
            : "Keys your apps use to call the gateway on behalf of this workspace. You see the keys you created; Owners and Admins see all of them."
        }
      />

      <div className="space-y-8">
        <Card aria-labelledby="create-key-title">
          <CardHeader
            titleId="create-key-title"
            title="Create an API key"
            description="The full key is shown once, right after you create it. Auriko stores only a hash."
          />
          <CardBody>
            <CreateKeyForm
              action={createApiKey.bind(null, slug)}
              origin={publicOrigin()}
              model={exampleModel(setupResult.ok ? setupResult.data.providers : [], "chat.completions")}
            />
          </CardBody>
        </Card>

        <section aria-labelledby="keys-title" className="space-y-3">
          <h2 id="keys-title" className="text-lg font-semibold text-slate-900 dark:text-white">
            {seeAll ? "Workspace keys" : "Your keys"}{" "}
            <span className="font-normal text-slate-600 dark:text-slate-400">({keys.length})</span>
          </h2>
          {!listResult.ok ? (
            <Alert variant="error" title="Couldn't load the API keys">
              {listResult.error.message} Reload the page to try again.
            </Alert>
          ) : keys.length === 0 ? (
            <EmptyState as="h3" title="No API keys yet" description="Create one above for each app that will call the gateway." />
          ) : (
            <Table label="API keys">
              <TableCaption className="sr-only">API keys of {actor.workspaceName}</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Key</TableHeaderCell>
                  {seeAll ? <TableHeaderCell>Created by</TableHeaderCell> : null}
                  <TableHeaderCell>Created</TableHeaderCell>
                  <TableHeaderCell>Expires</TableHeaderCell>
                  <TableHeaderCell>Last used</TableHeaderCell>
                  <TableHeaderCell>Limits</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {keys.map((k) => {
                  const status = statusOf(k);
                  const mine = k.createdBy === actor.userId;
                  const canRevoke = !k.revokedAt && (mine || manageAll);
                  const label = `${k.name} (${k.prefix}…)`;
                  return (
                    <TableRow key={k.id}>
                      <TableCell className="font-medium text-slate-900 dark:text-white">{k.name}</TableCell>
                      <TableCell>
                        <code className="font-mono whitespace-nowrap text-slate-900 dark:text-slate-100">{k.prefix}…</code>
                      </TableCell>
                      {seeAll ? (
                        <TableCell className="whitespace-nowrap">
                          {mine ? "You" : (k.createdByEmail ?? "A former member")}
                        </TableCell>
                      ) : null}
                      <TableCell>
                        <When at={k.createdAt} empty="" />
                      </TableCell>
                      <TableCell>
                        <When at={k.expiresAt} empty="Never" />
                      </TableCell>
                      <TableCell>
                        <When at={k.lastUsedAt} empty="Never" withTime />
                      </TableCell>
                      <TableCell>
                        <Link
                          href={`/w/${slug}/keys/${k.id}/limits`}
                          className="whitespace-nowrap text-brand-700 underline dark:text-brand-300"
                        >
                          {limitsSummary(keyLimits[k.id])}
                          <span className="sr-only">: {setLimits ? "set limits of" : "limits of"} {label}</span>
                        </Link>
                      </TableCell>
                      <TableCell>
                        <StatusBadge status={status} />
                      </TableCell>
                      <TableCell>
                        {canRevoke ? (
                          <div className="flex justify-end">
                            <ConfirmAction
                              action={revoke}
                              fields={{ apiKeyId: k.id }}
                              label="Revoke"
                              srLabel={label}
                              prompt={`Revoke ${label}? Apps using it stop working at once. This cannot be undone.`}
                              confirmLabel="Confirm revoke"
                            />
                          </div>
                        ) : null}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </section>
      </div>
    </>
  );
}
