import type { Metadata } from "next";
import {
  Alert,
  Card,
  CardBody,
  CardHeader,
  EmptyState,
  PageHeader,
  Table,
  TableBody,
  TableCaption,
  TableHead,
  TableHeaderCell,
  TableRow,
} from "@/components/ui";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { formatDate, isoString } from "@/lib/console/format";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { PROVIDERS, provider } from "@/lib/providers/registry";
import { can } from "@/lib/rbac";
import { addProviderKey, deleteProviderKey, replaceProviderKey, testProviderKey } from "./actions";
import { AddCredentialForm } from "./add-credential-form";
import { CredentialRow, type CredentialView } from "./credential-row";

export const metadata: Metadata = { title: "Provider keys" };

type Params = Promise<{ slug: string }>;

export default async function ProvidersPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}/providers`, "providers.view");
  const principal = await getCurrentUser();
  const manage = can(actor.role, "providers.manage");

  const [listResult, membersResult] = await Promise.all([
    runWorkspaceAction("providers.list", principal, slug, {}),
    runWorkspaceAction("members.list", principal, slug, {}),
  ]);
  const emails = new Map(membersResult.ok ? membersResult.data.map((m) => [m.userId, m.user.email]) : []);
  const who = (userId: string | null) => (userId ? (emails.get(userId) ?? "a former member") : null);
  const at = (date: Date, by: string | null) => ({ iso: isoString(date), date: formatDate(date), by: who(by) });

  const credentials: CredentialView[] = listResult.ok
    ? listResult.data.map((c) => ({
        id: c.id,
        providerName: provider(c.provider)?.name ?? c.provider,
        label: c.label,
        last4: c.last4,
        added: at(c.createdAt, c.createdBy),
        replaced: c.rotatedAt ? at(c.rotatedAt, c.rotatedBy) : null,
      }))
    : [];

  const actions = manage
    ? {
        test: testProviderKey.bind(null, slug),
        replace: replaceProviderKey.bind(null, slug),
        remove: deleteProviderKey.bind(null, slug),
      }
    : undefined;

  return (
    <>
      <PageHeader
        title="Provider keys"
        description="The keys this workspace uses to call upstream providers such as OpenAI or Anthropic."
      />

      <div className="space-y-8">
        <Alert variant="info" role="none" title="How provider keys are kept">
          Keys are sealed with XSalsa20-Poly1305 under a key that belongs to this workspace before they are stored, and
          they are never shown again, not even to Owners. Only the last four characters are kept, so you can recognise a
          key.
          {manage ? null : (
            <p className="mt-2">
              Owners and Admins manage provider keys. You can see which keys are set up, but not the keys themselves.
            </p>
          )}
        </Alert>

        {manage ? (
          <Card aria-labelledby="add-key-title">
            <CardHeader
              titleId="add-key-title"
              title="Add a provider key"
              description="Paste a key from your provider's dashboard. It is sealed on the server as soon as it arrives."
            />
            <CardBody>
              <AddCredentialForm
                action={addProviderKey.bind(null, slug)}
                providers={PROVIDERS.map((p) => ({ id: p.id, name: p.name, keyHint: p.keyHint, keyOptional: "keyOptional" in p && p.keyOptional }))}
              />
            </CardBody>
          </Card>
        ) : null}

        <section aria-labelledby="credentials-title" className="space-y-3">
          <h2 id="credentials-title" className="text-lg font-semibold text-slate-900 dark:text-white">
            Stored keys <span className="font-normal text-slate-600 dark:text-slate-400">({credentials.length})</span>
          </h2>
          {!listResult.ok ? (
            <Alert variant="error" title="Couldn't load the provider keys">
              {listResult.error.message} Reload the page to try again.
            </Alert>
          ) : credentials.length === 0 ? (
            <EmptyState
              as="h3"
              title="No provider keys yet"
              description={
                manage
                  ? "Add one above so this workspace can reach a provider. The built-in Mock provider works without a real key."
                  : "An Owner or Admin can add one."
              }
            />
          ) : (
            <Table label="Stored provider keys">
              <TableCaption className="sr-only">Provider keys stored for {actor.workspaceName}, masked</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Provider</TableHeaderCell>
                  <TableHeaderCell>Label</TableHeaderCell>
                  <TableHeaderCell>Key</TableHeaderCell>
                  <TableHeaderCell>Added</TableHeaderCell>
                  <TableHeaderCell>Replaced</TableHeaderCell>
                  {manage ? (
                    <TableHeaderCell>
                      <span className="sr-only">Actions</span>
                    </TableHeaderCell>
                  ) : null}
                </TableRow>
              </TableHead>
              <TableBody>
                {credentials.map((c) => (
                  <CredentialRow key={c.id} cred={c} actions={actions} />
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      </div>
    </>
  );
}
