import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { ComponentList } from "@/components/status/component-list";
import { IncidentCard } from "@/components/status/incident-card";
import { MaintenanceList } from "@/components/status/maintenance-list";
import { OverallBanner } from "@/components/status/overall-banner";
import { UptimeLegend } from "@/components/status/uptime-bars";
import { Alert, EmptyState } from "@/components/ui";
import { type PublicStatus, publicStatus } from "@/lib/status/public";

// Live data, read per request (shared for a few seconds per process by publicStatus()).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Status",
  description: "Live availability of Auriko's console, API and upstream providers, with incidents, maintenance and 90 days of uptime.",
};

function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4">
      <div className="space-y-1">
        <h2 id={`${id}-title`} className="text-xl font-semibold tracking-tight text-slate-900 dark:text-white">
          {title}
        </h2>
        {description ? <p className="text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

const textLink = "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800 dark:text-brand-300 dark:hover:text-brand-200";

function StatusBody({ status }: { status: PublicStatus }) {
  const maintenance = status.active_maintenance.length + status.upcoming_maintenance.length;
  return (
    <>
      <OverallBanner state={status.status.indicator} description={status.status.description} updatedAt={status.generated_at} />

      {status.active_incidents.length ? (
        <Section id="current-incidents" title="Current incidents">
          <ul className="space-y-3">
            {status.active_incidents.map((i) => (
              <li key={i.id}>
                <IncidentCard incident={i} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section id="maintenance" title="Scheduled maintenance">
        {maintenance ? (
          <MaintenanceList active={status.active_maintenance} upcoming={status.upcoming_maintenance} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">No maintenance is scheduled.</p>
        )}
      </Section>

      <Section
        id="components"
        title="Components"
        description="Uptime per UTC day over the last 90 days. A partial outage counts as 30 % down; maintenance is not counted."
      >
        <UptimeLegend />
        <ComponentList components={status.components} />
      </Section>

      <Section id="history" title="Incident history" description="Resolved incidents of the last 90 days, newest first.">
        {status.incident_history.length ? (
          <ul className="space-y-3">
            {status.incident_history.map((i) => (
              <li key={i.id}>
                <IncidentCard incident={i} collapsed />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState as="h3" title="No incidents in the last 90 days" description="Resolved incidents are listed here for 90 days." />
        )}
      </Section>
    </>
  );
}

export default async function StatusPage() {
  let status: PublicStatus | null = null;
  try {
    status = await publicStatus();
  } catch {
    status = null;
  }
  return (
    <>
      <SiteHeader current="/status" />
      <main id="main-content" className="mx-auto w-full max-w-4xl flex-1 space-y-10 px-4 py-12 sm:px-6">
        <div>
          <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">Trust</p>
          <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl dark:text-white">Auriko status</h1>
          <p className="mt-3 text-slate-600 dark:text-slate-300">
            Live availability of the console, the API and each upstream provider. Monitors can read{" "}
            <a href="/status.json" className={textLink}>
              /status.json
            </a>{" "}
            and{" "}
            <a href="/api/health" className={textLink}>
              /api/health
            </a>
            .
          </p>
        </div>
        {status ? (
          <StatusBody status={status} />
        ) : (
          <Alert variant="error" title="Status information is unavailable right now">
            We could not read the current status. Please try again in a minute.
          </Alert>
        )}
      </main>
      <SiteFooter />
    </>
  );
}
