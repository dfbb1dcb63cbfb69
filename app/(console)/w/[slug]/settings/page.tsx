import type { Metadata } from "next";
import Link from "next/link";
import { LimitsForm } from "@/components/console/limits-form";
import { LimitsUse } from "@/components/console/limits-use";
import { Alert, Badge, Card, CardBody, CardHeader, Input, Label, PageHeader } from "@/components/ui";
import { limitsValues } from "@/lib/console/limits-view";
import { saveLimits } from "../keys/actions";
import { mfaPolicyLabel } from "@/lib/console/mfa-view";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { can } from "@/lib/rbac";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { deleteWorkspace, renameWorkspace, setCorsOrigins, setMfaPolicy } from "./actions";
import { CorsOriginsForm, DeleteWorkspaceForm, MfaPolicyForm, RenameWorkspaceForm } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

type Params = Promise<{ slug: string }>;

export default async function SettingsPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}/settings`);
  const canRename = can(actor.role, "workspace.rename");
  const canDelete = can(actor.role, "workspace.delete");
  const canSetPolicy = can(actor.role, "workspace.securityPolicy");
  const canSetCors = can(actor.role, "workspace.cors");
  const principal = await getCurrentUser();
  const [cors, limits, compliance] = await Promise.all([
    runWorkspaceAction("workspace.corsOrigins", principal, slug, {}),
    runWorkspaceAction("limits.get", principal, slug, {}),
    canSetPolicy ? runWorkspaceAction("workspace.mfaCompliance", principal, slug, {}) : Promise.resolve(null),
  ]);
  const membersWithoutMfa =
    compliance?.ok ? compliance.data.map((m) => ({ ...m, you: m.email === actor.email })) : [];
  const canSetLimits = can(actor.role, "limits.manage");
  const origins = cors.ok ? cors.data : [];

  return (
    <>
      <PageHeader title="Settings" description={`General settings for ${actor.workspaceName}.`} />

      <div className="space-y-8">
        <Card aria-labelledby="general-title">
          <CardHeader titleId="general-title" title="General" />
          <CardBody className="max-w-xl space-y-4">
            {canRename ? (
              <RenameWorkspaceForm action={renameWorkspace.bind(null, slug)} name={actor.workspaceName} />
            ) : (
              <div className="space-y-1.5">
                <Label htmlFor="workspace-name">Workspace name</Label>
                <Input id="workspace-name" value={actor.workspaceName} readOnly aria-describedby="workspace-name-hint" />
                <p id="workspace-name-hint" className="text-sm text-slate-600 dark:text-slate-400">
                  Only Owners can change the workspace name.
                </p>
              </div>
            )}
            <div>
              <p className="text-sm font-medium text-slate-900 dark:text-slate-100">Workspace URL</p>
              <p className="mt-1 font-mono text-sm text-slate-600 dark:text-slate-400">/w/{actor.slug}</p>
            </div>
          </CardBody>
        </Card>

        <Card aria-labelledby="security-policy-title">
          <CardHeader
            titleId="security-policy-title"
            title="Security policy"
            description="Who in this workspace must sign in with two-factor authentication."
          />
          <CardBody className="max-w-xl space-y-4">
            {canSetPolicy ? (
              <MfaPolicyForm
                action={setMfaPolicy.bind(null, slug)}
                current={actor.mfaPolicy}
                ownMfa={Boolean(actor.mfaEnabled)}
                membersWithoutMfa={membersWithoutMfa}
              />
            ) : (
              <>
                <dl>
                  <dt className="text-sm font-medium text-slate-900 dark:text-slate-100">Require two-factor authentication for</dt>
                  <dd className="mt-1">
                    <Badge tone={actor.mfaPolicy === "OFF" ? "neutral" : "info"}>{mfaPolicyLabel(actor.mfaPolicy)}</Badge>
                  </dd>
                </dl>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Only Owners can change the security policy.{" "}
                  {actor.mfaEnabled ? (
                    "Your account uses two-factor authentication."
                  ) : (
                    <>
                      <Link
                        href="/account/security"
                        className="font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300"
                      >
                        Turn on two-factor authentication
                      </Link>{" "}
                      for your own account: it&apos;s worth it whatever the policy.
                    </>
                  )}
                </p>
              </>
            )}
          </CardBody>
        </Card>

        <Card aria-labelledby="cors-title">
          <CardHeader
            titleId="cors-title"
            title="Browser access"
            description="Web pages on these origins may call the gateway with this workspace's API keys (CORS). A key in a web page is visible to everyone who loads it: prefer a backend, and give browser keys tight limits."
          />
          <CardBody className="max-w-xl space-y-4">
            {canSetCors ? (
              <CorsOriginsForm action={setCorsOrigins.bind(null, slug)} origins={origins} />
            ) : (
              <>
                {origins.length ? (
                  <ul className="space-y-1 font-mono text-sm text-slate-900 dark:text-slate-100">
                    {origins.map((o) => (
                      <li key={o}>{o}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-sm text-slate-600 dark:text-slate-400">No origin is allowed: browsers cannot use this workspace&apos;s keys.</p>
                )}
                <p className="text-sm text-slate-600 dark:text-slate-400">Only Owners and Admins can change the allowed origins.</p>
              </>
            )}
            {!cors.ok ? <p className="text-sm text-red-700 dark:text-red-300">{cors.error.message}</p> : null}
          </CardBody>
        </Card>

        <Card aria-labelledby="limits-title">
          <CardHeader
            titleId="limits-title"
            title="Limits"
            description="What the whole workspace may spend and call, across all its API keys; each key can have its own limits too (API keys, Limits). Over a limit, requests get HTTP 429 and nothing reaches the provider."
          />
          <CardBody className="space-y-6">
            {!limits.ok ? (
              <Alert variant="error" title="Couldn't load the limits">
                {limits.error.message} Reload the page to try again.
              </Alert>
            ) : (
              <>
                <LimitsUse use={limits.data.use} limits={limits.data.limits} showLimits={!canSetLimits} />
                {canSetLimits ? (
                  <div className="max-w-2xl">
                    <LimitsForm action={saveLimits.bind(null, slug, null)} values={limitsValues(limits.data.limits)} idPrefix="workspace" submitLabel="Save workspace limits" />
                  </div>
                ) : (
                  <p className="text-sm text-slate-600 dark:text-slate-400">Only Owners and Admins can change the limits.</p>
                )}
              </>
            )}
          </CardBody>
        </Card>

        {canDelete ? (
          <Card aria-labelledby="danger-title" className="border-red-200! dark:border-red-900!">
            <CardHeader
              titleId="danger-title"
              title="Danger zone"
              className="border-red-200! dark:border-red-900!"
              description="Deleting a workspace removes its members, invitations and audit log for good. There is no undo."
            />
            <CardBody className="max-w-xl">
              <DeleteWorkspaceForm action={deleteWorkspace.bind(null, slug)} slug={actor.slug} />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
