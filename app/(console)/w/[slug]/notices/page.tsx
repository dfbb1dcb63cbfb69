import type { Metadata } from "next";
import { Alert, Badge, Card, CardBody, CardHeader, EmptyState, PageHeader, Timestamp } from "@/components/ui";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { lookup } from "@/lib/console/format";
import { requireWorkspacePage } from "@/lib/console/page-context";
import { INCIDENT_STATUS_LABELS } from "@/lib/status/operator";
import { can } from "@/lib/rbac";
import { markNoticeReadAction } from "./actions";
import { MarkReadForm } from "./mark-read-form";

export const metadata: Metadata = { title: "Security notices" };

type Params = Promise<{ slug: string }>;

function Section({ title, text }: { title: string; text: string }) {
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{title}</h3>
      <p className="text-sm whitespace-pre-line text-slate-700 dark:text-slate-300">{text}</p>
    </div>
  );
}

export default async function NoticesPage({ params }: { params: Params }) {
  const { slug } = await params;
  const actor = await requireWorkspacePage(slug, `/w/${slug}/notices`, "notices.view");
  const result = await runWorkspaceAction("notices.list", await getCurrentUser(), slug, {});
  const notices = result.ok ? result.data : [];
  const mayAcknowledge = can(actor.role, "notices.acknowledge");
  const markRead = markNoticeReadAction.bind(null, slug);

  return (
    <>
      <PageHeader
        title="Security notices"
        description="If a security incident affects this workspace, we tell you here and email its Owners and Admins: what happened, what it means for you and what to do."
      />
      {!result.ok ? (
        <Alert variant="error" title="Couldn't load the notices">
          {result.error.message} Reload the page to try again.
        </Alert>
      ) : notices.length === 0 ? (
        <EmptyState title="No security notices" description="No security incident has affected this workspace." />
      ) : (
        <div className="space-y-6">
          {notices.map((n) => {
            const unread = n.recipient !== null && n.recipient.readAt === null;
            return (
              <Card key={n.id} as="article" id={`notice-${n.id}`} aria-labelledby={`notice-title-${n.id}`} className="scroll-mt-6">
                <CardHeader
                  titleId={`notice-title-${n.id}`}
                  title={n.title}
                  description={
                    <>
                      Notified <Timestamp at={n.createdAt} />
                      {n.updatedAt.getTime() - n.createdAt.getTime() > 1000 ? (
                        <>
                          {" "}
                          · updated <Timestamp at={n.updatedAt} />
                        </>
                      ) : null}
                    </>
                  }
                  actions={
                    <>
                      <Badge tone={n.incidentStatus === "resolved" ? "success" : "warning"}>{`Incident: ${lookup(INCIDENT_STATUS_LABELS, n.incidentStatus) ?? n.incidentStatus}`}</Badge>
                      {unread ? <Badge tone="danger">Unread</Badge> : n.recipient ? <Badge>Read</Badge> : null}
                    </>
                  }
                />
                <CardBody className="space-y-4">
                  <Section title="Scope" text={n.scope} />
                  <Section title="Impact" text={n.impact} />
                  <Section title="Remediation" text={n.remediation} />
                  {unread && mayAcknowledge ? <MarkReadForm noticeId={n.id} title={n.title} action={markRead} /> : null}
                </CardBody>
              </Card>
            );
          })}
        </div>
      )}
    </>
  );
}
