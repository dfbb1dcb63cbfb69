import type { Metadata } from "next";
import Link from "next/link";
import { AccountFrame } from "@/components/console/account-frame";
import {
  Badge,
  ButtonLink,
  Card,
  CardBody,
  CardHeader,
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
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { listSessions } from "@/lib/auth/sessions";
import { describeUserAgent } from "@/lib/console/format";
import { LOW_RECOVERY_CODES } from "@/lib/console/mfa-view";
import { mfaStatus } from "@/lib/mfa/enrolment";
import { listSecurityActivity, NOTIFY_EVERY_MINUTES } from "@/lib/security-events";
import { VerifyEmailNotice } from "@/components/console/verify-email-notice";
import { changePassword, endSession, signOutAllSessions } from "./actions";
import { resendVerificationAction } from "./verification-actions";
import { ChangePasswordForm, EndSessionForm, SignOutAllForm } from "./account-forms";

export const metadata: Metadata = { title: "Account" };
// Rendered for every request: the two-factor badge must follow a change made a moment ago.
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireUser("/account");
  const [sessions, mfa, activity] = await Promise.all([
    listSessions(user.userId),
    mfaStatus(user.userId),
    listSecurityActivity(user.userId),
  ]);

  return (
    <AccountFrame width="lg">
      <PageHeader title="Account" description={`Signed in as ${user.email}${user.name ? ` (${user.name})` : ""}.`} />

      <div className="space-y-8">
        {user.emailVerified ? null : (
          <Card aria-labelledby="verify-email-title">
            <CardHeader titleId="verify-email-title" title="E-mail address" actions={<Badge tone="warning">Not confirmed</Badge>} />
            <CardBody className="max-w-xl">
              <VerifyEmailNotice email={user.email} action={resendVerificationAction} blocks="create a workspace or join one" />
            </CardBody>
          </Card>
        )}

        <Card aria-labelledby="password-title">
          <CardHeader titleId="password-title" title="Change password" />
          <CardBody className="max-w-md">
            <ChangePasswordForm action={changePassword} minLength={MIN_PASSWORD_LENGTH} />
          </CardBody>
        </Card>

        <Card aria-labelledby="mfa-title">
          <CardHeader
            titleId="mfa-title"
            title="Two-factor authentication"
            actions={mfa.enabled ? <Badge tone="success">On</Badge> : <Badge tone="warning">Off</Badge>}
          />
          <CardBody className="space-y-4">
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {mfa.enabled ? (
                <>
                  On since{" "}
                  {mfa.enabledAt ? <Timestamp at={mfa.enabledAt} dateOnly /> : "–"}.{" "}
                  {mfa.recoveryCodesLeft} recovery {mfa.recoveryCodesLeft === 1 ? "code" : "codes"} left
                  {mfa.recoveryCodesLeft <= LOW_RECOVERY_CODES ? ": make a new set soon." : "."}
                </>
              ) : (
                "Off. Protect your account with a code from an authenticator app, asked for after your password."
              )}
            </p>
            <ButtonLink href="/account/security" variant={mfa.enabled ? "secondary" : "primary"}>
              {mfa.enabled ? "Manage two-factor authentication" : "Set up two-factor authentication"}
            </ButtonLink>
          </CardBody>
        </Card>

        <Card aria-labelledby="sessions-title">
          <CardHeader
            titleId="sessions-title"
            title="Active sessions"
            description="Where your account is signed in right now. Times are in UTC."
          />
          <CardBody className="space-y-4">
            <Table label="Active sessions">
              <TableCaption className="sr-only">Your active sessions</TableCaption>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>Device</TableHeaderCell>
                  <TableHeaderCell>IP address</TableHeaderCell>
                  <TableHeaderCell>Signed in</TableHeaderCell>
                  <TableHeaderCell>Last active</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="sr-only">Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {sessions.map((s) => (
                  <TableRow key={s.id}>
                    <TableCell>
                      <span className="font-medium text-slate-900 dark:text-white" title={s.userAgent ?? undefined}>
                        {describeUserAgent(s.userAgent)}
                      </span>
                      {s.id === user.sessionId ? (
                        <Badge tone="success" className="ml-2">
                          This session
                        </Badge>
                      ) : null}
                    </TableCell>
                    <TableCell className="font-mono text-xs whitespace-nowrap">{s.ip ?? "–"}</TableCell>
                    <TableCell className="whitespace-nowrap">
                      <Timestamp at={s.createdAt} />
                    </TableCell>
                    <TableCell className="whitespace-nowrap">
                      <Timestamp at={s.lastSeenAt} />
                    </TableCell>
                    <TableCell className="text-right">
                      <EndSessionForm
                        action={endSession}
                        sessionId={s.id}
                        current={s.id === user.sessionId}
                        device={describeUserAgent(s.userAgent)}
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Don&apos;t recognise a session? End it, or sign out everywhere, then change your password.
            </p>
            <SignOutAllForm action={signOutAllSessions} />
          </CardBody>
        </Card>

        <Card aria-labelledby="security-activity-title" id="security-activity">
          <CardHeader
            titleId="security-activity-title"
            title="Security activity"
            description={`Sign-ins from new devices and changes to how your account is protected. We e-mail you about these too, at most one e-mail of each kind every ${NOTIFY_EVERY_MINUTES} minutes. Times are in UTC.`}
          />
          <CardBody className="space-y-4">
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Every sign-in and failed attempt is in the{" "}
              <Link href="/account/security#account-audit-log" className="font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300">
                account audit log
              </Link>
              .
            </p>
            {activity.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">No security activity yet.</p>
            ) : (
              <Table label="Security activity">
                <TableCaption className="sr-only">Recent security activity on your account</TableCaption>
                <TableHead>
                  <TableRow>
                    <TableHeaderCell>What happened</TableHeaderCell>
                    <TableHeaderCell>Device</TableHeaderCell>
                    <TableHeaderCell>IP address</TableHeaderCell>
                    <TableHeaderCell>When</TableHeaderCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {activity.map((e) => (
                    <TableRow key={e.id}>
                      <TableCell className="font-medium text-slate-900 dark:text-white">{e.title}</TableCell>
                      <TableCell>{e.device ?? "–"}</TableCell>
                      <TableCell className="font-mono text-xs whitespace-nowrap">{e.ip ?? "–"}</TableCell>
                      <TableCell className="whitespace-nowrap">
                        <Timestamp at={e.createdAt} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardBody>
        </Card>
      </div>
    </AccountFrame>
  );
}
