import type { Metadata } from "next";
import { ConfirmAction } from "@/components/console/confirm-action";
import {
  Card,
  CardBody,
  CardHeader,
  EmptyState,
  PageHeader,
  RoleBadge,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  Timestamp,
} from "@/components/ui";
import { runWorkspaceAction, type WorkspaceActionData } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { roleName } from "@/lib/console/format";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { assignableRoles, can, canManageMember, type Role } from "@/lib/rbac";
import { changeMemberRole, inviteMember, leaveWorkspace, removeMember, revokeInvitation, transferOwnership } from "./actions";
import { InviteForm } from "./invite-form";
import { MemberRoleForm } from "./member-role-form";
import { PendingInvitations } from "./pending-invitations";

export const metadata: Metadata = { title: "Members" };

type Params = Promise<{ slug: string }>;
type Member = WorkspaceActionData<"members.list">[number];

export default async function MembersPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}/members`, "members.view");
  const principal = await getCurrentUser();
  const canSeeInvites = can(actor.role, "invitations.view");

  const [membersResult, invitesResult] = await Promise.all([
    runWorkspaceAction("members.list", principal, slug, {}),
    canSeeInvites ? runWorkspaceAction("invitations.list", principal, slug, {}) : Promise.resolve(null),
  ]);
  if (!membersResult.ok) throw new Error(membersResult.error.message);
  const members = membersResult.data;
  const invitations = invitesResult?.ok ? invitesResult.data : [];

  const roleOptions = assignableRoles(actor.role).map((r) => ({ value: r, label: roleName(r) }));
  const isOwner = actor.role === "OWNER";

  return (
    <>
      <PageHeader title="Members" description={`Everyone who can use ${actor.workspaceName}, and what they are allowed to do.`} />

      <div className="space-y-8">
        {can(actor.role, "members.invite") ? (
          <Card aria-labelledby="invite-title">
            <CardHeader
              titleId="invite-title"
              title="Invite someone"
              description={
                isOwner
                  ? "Owners manage everything, Admins manage members and settings, Members use the workspace."
                  : "As an Admin you can invite people as Members."
              }
            />
            <CardBody>
              <InviteForm action={inviteMember.bind(null, slug)} roles={roleOptions} />
            </CardBody>
          </Card>
        ) : null}

        <section aria-labelledby="members-title" className="space-y-3">
          <h2 id="members-title" className="text-lg font-semibold text-slate-900 dark:text-white">
            Members <span className="font-normal text-slate-600 dark:text-slate-400">({members.length})</span>
          </h2>
          {members.length === 0 ? (
            <EmptyState title="No members yet" description="Invite someone to get started." />
          ) : (
            <Table label="Members">
              <TableCaption className="sr-only">Members of {actor.workspaceName}</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Member</TableHeaderCell>
                  <TableHeaderCell>Role</TableHeaderCell>
                  <TableHeaderCell>Joined</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {members.map((m) => (
                  <MemberRow key={m.id} member={m} actorRole={actor.role} self={m.userId === actor.userId} slug={slug} roleOptions={roleOptions} />
                ))}
              </TableBody>
            </Table>
          )}
        </section>

        {canSeeInvites ? (
          <PendingInvitations
            invitations={invitations.map((i) => ({
              id: i.id,
              email: i.email,
              role: i.role,
              createdAt: i.createdAt,
              expiresAt: i.expiresAt,
              canRevoke: can(actor.role, "invitations.revoke") && assignableRoles(actor.role).includes(i.role),
            }))}
            revoke={revokeInvitation.bind(null, slug)}
          />
        ) : null}

        <Card aria-labelledby="leave-title">
          <CardHeader
            titleId="leave-title"
            title="Leave this workspace"
            description="You lose access right away, and the API keys you created here stop working. To come back, someone will need to invite you again."
          />
          <CardBody>
            <ConfirmAction
              action={leaveWorkspace.bind(null, slug)}
              label="Leave workspace"
              prompt={`Leave ${actor.workspaceName}? You will lose access immediately, and the API keys you created here are revoked.`}
              confirmLabel="Yes, leave workspace"
            />
          </CardBody>
        </Card>
      </div>
    </>
  );
}

type MemberRowProps = {
  member: Member;
  actorRole: Role;
  self: boolean;
  slug: string;
  roleOptions: { value: string; label: string }[];
};

function MemberRow({ member: m, actorRole, self, slug, roleOptions }: MemberRowProps) {
  const who = m.user.email;
  const manageable = !self && canManageMember(actorRole, m.role);
  const canChangeRole = manageable && can(actorRole, "members.changeRole") && roleOptions.length > 1;
  const canRemove = manageable && can(actorRole, "members.remove");
  const canTransfer = !self && can(actorRole, "workspace.transfer") && m.role !== "OWNER";

  return (
    <TableRow>
      <TableCell>
        <div className="min-w-0">
          <p className="font-medium whitespace-nowrap text-slate-900 dark:text-white">
            {m.user.name || m.user.email}
            {self ? <span className="ml-2 text-xs font-normal text-slate-600 dark:text-slate-400">(you)</span> : null}
          </p>
          {m.user.name ? <p className="text-sm whitespace-nowrap text-slate-600 dark:text-slate-400">{m.user.email}</p> : null}
        </div>
      </TableCell>
      <TableCell>
        {canChangeRole ? (
          <MemberRoleForm
            action={changeMemberRole.bind(null, slug)}
            membershipId={m.id}
            currentRole={m.role}
            who={who}
            roles={roleOptions}
          />
        ) : (
          <RoleBadge role={m.role} />
        )}
      </TableCell>
      <TableCell className="whitespace-nowrap">
        <Timestamp at={m.createdAt} dateOnly />
      </TableCell>
      <TableCell>
        <div className="flex flex-wrap items-start justify-end gap-2">
          {canTransfer ? (
            <ConfirmAction
              action={transferOwnership.bind(null, slug)}
              fields={{ membershipId: m.id }}
              label="Make owner"
              srLabel={who}
              variant="primary"
              prompt={`Make ${who} an Owner? You will become an Admin.`}
              confirmLabel="Confirm transfer"
            />
          ) : null}
          {canRemove ? (
            <ConfirmAction
              action={removeMember.bind(null, slug)}
              fields={{ membershipId: m.id }}
              label="Remove"
              srLabel={who}
              prompt={`Remove ${who} from this workspace? They lose access immediately.`}
              extra={<RevokeKeysOnRemoval id={`revoke-keys-${m.id}`} who={who} />}
              confirmLabel="Confirm remove"
            />
          ) : null}
        </div>
      </TableCell>
    </TableRow>
  );
}

/**
 * Shown ticked and fixed: removal always revokes the member's keys here (a key must not
 * outlive its creator's membership; docs/decisions.md). The server does it regardless.
 */
function RevokeKeysOnRemoval({ id, who }: { id: string; who: string }) {
  return (
    <div className="flex max-w-xs items-start gap-2">
      <input id={id} type="checkbox" checked disabled readOnly aria-describedby={`${id}-why`} className="mt-0.5 size-4 rounded border-slate-400" />
      <div className="text-sm">
        <label htmlFor={id} className="text-slate-700 dark:text-slate-300">
          Revoke the API keys {who} created in this workspace
        </label>
        <p id={`${id}-why`} className="text-xs text-slate-600 dark:text-slate-400">
          Always done on removal: keys stop working within seconds.
        </p>
      </div>
    </div>
  );
}
