import { ConfirmAction } from "@/components/console/confirm-action";
import {
  EmptyState,
  RoleBadge,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  Timestamp,
  type WorkspaceRole,
} from "@/components/ui";
import type { FormState } from "@/lib/console/form-state";

export type PendingInvitation = {
  id: string;
  email: string;
  role: WorkspaceRole;
  createdAt: Date;
  expiresAt: Date;
  canRevoke: boolean;
};

export type PendingInvitationsProps = {
  invitations: PendingInvitation[];
  revoke: (state: FormState, formData: FormData) => Promise<FormState>;
};

export function PendingInvitations({ invitations, revoke }: PendingInvitationsProps) {
  return (
    <section aria-labelledby="invitations-title" className="space-y-3">
      <h2 id="invitations-title" className="text-lg font-semibold text-slate-900 dark:text-white">
        Pending invitations <span className="font-normal text-slate-600 dark:text-slate-400">({invitations.length})</span>
      </h2>
      {invitations.length === 0 ? (
        <EmptyState
          as="h3"
          title="No pending invitations"
          description="Invitations you create appear here until they are accepted, revoked or expire."
        />
      ) : (
        <Table label="Pending invitations">
          <TableCaption className="sr-only">Invitations waiting to be accepted</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Email</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Sent</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {invitations.map((i) => (
              <TableRow key={i.id}>
                <TableCell>
                  <span className="font-medium whitespace-nowrap text-slate-900 dark:text-white">{i.email}</span>
                </TableCell>
                <TableCell>
                  <RoleBadge role={i.role} />
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <Timestamp at={i.createdAt} dateOnly />
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <Timestamp at={i.expiresAt} dateOnly />
                </TableCell>
                <TableCell>
                  {i.canRevoke ? (
                    <div className="flex justify-end">
                      <ConfirmAction
                        action={revoke}
                        fields={{ invitationId: i.id }}
                        label="Revoke"
                        srLabel={`invitation for ${i.email}`}
                        prompt={`Revoke the invitation for ${i.email}? The link stops working.`}
                        confirmLabel="Confirm revoke"
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
  );
}
