import type { Metadata } from "next";
import Link from "next/link";
import { AccountFrame } from "@/components/console/account-frame";
import {
  Alert,
  Badge,
  buttonClasses,
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
import { requireUser } from "@/lib/auth/current-user";
import { LOW_RECOVERY_CODES } from "@/lib/console/mfa-view";
import { listWorkspacesOfUser } from "@/lib/console/page-context";
import { firstParam } from "@/lib/console/safe-redirect";
import { mfaStatus } from "@/lib/mfa/enrolment";
import { listAccountAuditLog } from "@/lib/security-events";
import { mfaPolicyCovers } from "@/lib/workspaces/context";
import { confirmEnrolment, disableMfa, regenerateRecoveryCodes, startEnrolment } from "./actions";
import { DisableMfaForm, EnableMfa, MfaSections, RegenerateCodesForm } from "./security-forms";

export const metadata: Metadata = { title: "Two-factor authentication" };
// Never prerendered or cached: the page reflects the account's security state right now
// (next.config.js also sends Cache-Control: no-store for everything under /account).
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const linkClass = "font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300";

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

export default async function AccountSecurityPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("/account/security");
  const params = await searchParams;
  const auditCursor = firstParam(params.auditCursor);
  const [status, workspaces, audit] = await Promise.all([
    mfaStatus(user.userId),
    listWorkspacesOfUser(user.userId),
    listAccountAuditLog(user.userId, { cursor: auditCursor }),
  ]);
  const olderHref = audit.nextCursor ? `/account/security?${new URLSearchParams({ auditCursor: audit.nextCursor })}#account-audit-log` : null;

  // `?required=<slug>` comes from a workspace that refused this account: only a workspace the
  // user belongs to is named (an arbitrary value from the URL is not echoed into a warning).
  const requiredSlug = firstParam(params.required);
  const requiredBy = requiredSlug ? workspaces.find((w) => w.slug === requiredSlug) : undefined;
  const requiring = workspaces.filter((w) => mfaPolicyCovers(w.mfaPolicy, w.role));
  const turnedOff = firstParam(params.turnedOff) === "1" && !status.enabled;
  const lowCodes = status.enabled && status.recoveryCodesLeft <= LOW_RECOVERY_CODES;

  return (
    <AccountFrame width="md">
      <PageHeader
        eyebrow={
          <nav aria-label="Breadcrumb">
            <Link href="/account" className={linkClass}>
              Account
            </Link>
          </nav>
        }
        title="Two-factor authentication"
        description="A code from an app on your phone, asked for after your password, keeps your account safe even if your password leaks."
      />

      <div className="space-y-8">
        {requiredBy && !status.enabled ? (
          <Alert variant="warning" title={`${requiredBy.name} requires two-factor authentication. Turn it on to continue.`}>
            The workspace&apos;s Owner made it a rule for your role. Set it up below; it takes a minute.
          </Alert>
        ) : null}
        {requiredBy && status.enabled ? (
          <Alert variant="success" role="none">
            Two-factor authentication is on. <Link href={`/w/${encodeURIComponent(requiredBy.slug)}`}>Continue to {requiredBy.name}</Link>.
          </Alert>
        ) : null}
        {turnedOff ? <Alert variant="info">Two-factor authentication is off.</Alert> : null}

        <Card aria-labelledby="mfa-status-title">
          <CardHeader
            titleId="mfa-status-title"
            title="Authenticator app"
            actions={status.enabled ? <Badge tone="success">On</Badge> : <Badge tone="warning">Off</Badge>}
          />
          <CardBody className="space-y-4 text-sm text-slate-700 dark:text-slate-300">
            {status.enabled ? (
              <>
                <dl className="grid gap-4 sm:grid-cols-2">
                  <div>
                    <dt className="text-slate-600 dark:text-slate-400">Turned on</dt>
                    <dd className="mt-1 font-medium text-slate-900 dark:text-white">
                      {status.enabledAt ? <Timestamp at={status.enabledAt} dateOnly /> : "–"}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-600 dark:text-slate-400">Recovery codes left</dt>
                    <dd className="mt-1 font-medium text-slate-900 dark:text-white">{status.recoveryCodesLeft}</dd>
                  </div>
                </dl>
                {lowCodes ? (
                  <Alert variant="warning" role="none">
                    {status.recoveryCodesLeft === 0
                      ? "You have no recovery codes left."
                      : `Only ${plural(status.recoveryCodesLeft, "recovery code", "recovery codes")} left.`}{" "}
                    Make a new set below so a lost phone can&apos;t lock you out.
                  </Alert>
                ) : null}
                <p>Signing in asks for a code from your authenticator app after your password.</p>
              </>
            ) : (
              <>
                <p>
                  Use an authenticator app such as Google Authenticator, Authy, 1Password or Aegis. When you sign in, you enter your
                  password and then the 6-digit code the app shows.
                </p>
                <p>
                  We recommend it for everyone, and above all for Owners and Admins: their accounts control provider keys, API keys
                  and who belongs to a workspace.
                </p>
              </>
            )}
            {requiring.length > 0 ? (
              <p>
                Required by {requiring.length === 1 ? "the workspace" : "the workspaces"}{" "}
                <strong className="font-semibold text-slate-900 dark:text-white">{joinNames(requiring.map((w) => w.name))}</strong> for
                your role.
              </p>
            ) : null}
          </CardBody>
        </Card>

        <MfaSections
          enabled={status.enabled}
          setup={
            <Card aria-labelledby="setup-title">
              <CardHeader titleId="setup-title" title="Set up two-factor authentication" />
              <CardBody>
                <EnableMfa startAction={startEnrolment} confirmAction={confirmEnrolment} account={user.email} />
              </CardBody>
            </Card>
          }
          manage={
            <>
              <Card aria-labelledby="recovery-title">
                <CardHeader
                  titleId="recovery-title"
                  title="Recovery codes"
                  description="If you lose your phone, a recovery code signs you in once. Making a new set replaces the old one."
                />
                <CardBody>
                  <RegenerateCodesForm action={regenerateRecoveryCodes} account={user.email} />
                </CardBody>
              </Card>

              <Card aria-labelledby="disable-title" className="border-red-200! dark:border-red-900!">
                <CardHeader
                  titleId="disable-title"
                  title="Turn off two-factor authentication"
                  className="border-red-200! dark:border-red-900!"
                  description="Your password alone will protect your account. Confirm with your password and a code."
                />
                <CardBody>
                  <DisableMfaForm
                    action={disableMfa}
                    warning={
                      requiring.length > 0
                        ? `${joinNames(requiring.map((w) => w.name))} will refuse you until you turn it on again.`
                        : undefined
                    }
                  />
                </CardBody>
              </Card>
            </>
          }
        />

        <Card aria-labelledby="account-audit-log-title" id="account-audit-log">
          <CardHeader
            titleId="account-audit-log-title"
            title="Account audit log"
            description="Every sign-in, failed attempt and change to how your account is protected, newest first. Failed passwords are grouped per minute. Times are in UTC."
          />
          <CardBody className="space-y-4">
            {audit.entries.length === 0 ? (
              <EmptyState
                as="h3"
                title={auditCursor ? "No older events" : "No events yet"}
                description={
                  auditCursor
                    ? "That was everything recorded for your account."
                    : "Sign-ins, failed attempts and security changes to your account will be listed here."
                }
              />
            ) : (
              <Table label="Account audit log">
                <TableCaption className="sr-only">Account audit log, newest first</TableCaption>
                <TableHead>
                  <TableRow>
                    <TableHeaderCell>Time</TableHeaderCell>
                    <TableHeaderCell>Event</TableHeaderCell>
                    <TableHeaderCell>Device</TableHeaderCell>
                    <TableHeaderCell>IP address</TableHeaderCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {audit.entries.map((e) => (
                    <TableRow key={e.id}>
                      <TableCell>
                        <Timestamp at={e.createdAt} />
                      </TableCell>
                      <TableCell>
                        <span className="font-medium text-slate-900 dark:text-white">{e.title}</span>
                        {e.details ? <span className="block text-xs text-slate-600 dark:text-slate-400">{e.details}</span> : null}
                      </TableCell>
                      <TableCell>{e.device ?? "–"}</TableCell>
                      <TableCell className="font-mono text-xs break-all">{e.ip ?? "–"}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {olderHref || auditCursor ? (
              <nav aria-label="Account audit log pages" className="flex flex-wrap gap-3">
                {auditCursor ? (
                  <Link href="/account/security#account-audit-log" className={buttonClasses("secondary")}>
                    Back to newest
                  </Link>
                ) : null}
                {olderHref ? (
                  <Link href={olderHref} className={buttonClasses("secondary")}>
                    Older events
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </CardBody>
        </Card>
      </div>
    </AccountFrame>
  );
}
