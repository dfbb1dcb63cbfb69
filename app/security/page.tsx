import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";

import { env } from "@/lib/env";

// Self-hosters set their own disclosure address (AURIKO_SECURITY_CONTACT): read it per request.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Security",
  description:
    "How Auriko protects your data: encryption, zero data retention, workspace isolation, MFA, API security, incident response and responsible disclosure.",
};

const sections = [
  { id: "encryption", title: "Encryption" },
  { id: "zero-data-retention", title: "Zero data retention" },
  { id: "access-control", title: "Access control" },
  { id: "mfa", title: "Multi-factor authentication" },
  { id: "api-security", title: "API security" },
  { id: "incident-response", title: "Incident response" },
  { id: "responsible-disclosure", title: "Responsible disclosure" },
] as const;

type SectionId = (typeof sections)[number]["id"];

function Section({ id, children }: { id: SectionId; children: ReactNode }) {
  const title = sections.find((s) => s.id === id)?.title;
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="border-t border-slate-200 pt-10 dark:border-slate-800">
      <h2 id={`${id}-title`} className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
        {title}
      </h2>
      <div className="mt-4 space-y-4 text-slate-700 dark:text-slate-300 [&_li]:pl-1 [&_ul]:list-disc [&_ul]:space-y-2 [&_ul]:pl-5">
        {children}
      </div>
    </section>
  );
}

const textLink = "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800 dark:text-brand-300 dark:hover:text-brand-200";

/** The operator's disclosure address. */
function SecurityContact() {
  const contact = env().AURIKO_SECURITY_CONTACT;
  return (
    <a href={`mailto:${contact}`} className={textLink}>
      {contact}
    </a>
  );
}

export default function SecurityPage() {
  return (
    <>
      <SiteHeader current="/security" />
      <main id="main-content" className="mx-auto w-full max-w-6xl flex-1 px-4 py-16 sm:px-6">
        <div className="max-w-3xl">
          <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">Trust</p>
          <h1 className="mt-2 text-4xl font-semibold tracking-tight text-slate-900 dark:text-white">Security at Auriko</h1>
          <p className="mt-4 text-lg text-slate-600 dark:text-slate-300">
            Auriko carries your prompts to the model providers you choose. Here is how we keep the keys, the traffic and
            the people behind it safe, and what we promise when something goes wrong.
          </p>
        </div>

        <div className="mt-12 lg:grid lg:grid-cols-[14rem_1fr] lg:gap-12">
          <nav aria-label="On this page" className="mb-10 lg:mb-0">
            <p className="text-sm font-semibold text-slate-900 dark:text-white">On this page</p>
            <ul className="mt-3 space-y-2 text-sm lg:sticky lg:top-24">
              {sections.map((s) => (
                <li key={s.id}>
                  <a href={`#${s.id}`} className="text-slate-600 hover:text-slate-900 hover:underline dark:text-slate-400 dark:hover:text-white">
                    {s.title}
                  </a>
                </li>
              ))}
            </ul>
          </nav>

          <div className="max-w-3xl space-y-12">
            <Section id="encryption">
              <ul>
                <li>
                  <strong>At rest.</strong> Data is stored on AES-256 encrypted volumes, and backups are encrypted the
                  same way. When you self-host, the operator provides the encrypted volumes and backups; our deployment
                  guide documents how to set them up.
                </li>
                <li>
                  <strong>In transit.</strong> Every connection uses TLS: from your apps and browsers to Auriko, and
                  from Auriko to the model providers.
                </li>
                <li>
                  <strong>Provider keys (BYOK).</strong> The provider keys you bring are sealed with XSalsa20-Poly1305
                  under a key derived separately for each workspace. A sealed key is bound to its workspace and
                  provider, and is opened only just before the upstream call that needs it, then wiped from memory.
                </li>
              </ul>
            </Section>

            <Section id="zero-data-retention">
              <p>
                Auriko is a streaming proxy. Your prompts and the model&apos;s responses pass through memory on their way
                to you and are never written to disk or to a database, never cached and never logged.
              </p>
              <p>
                What we keep is usage metadata, for billing and analytics: token counts, latency, model ids and the
                status of each request. None of it contains the content of a request or a response.
              </p>
            </Section>

            <Section id="access-control">
              <ul>
                <li>
                  <strong>Roles per workspace.</strong> Every member of a workspace is an Owner, an Admin or a Member,
                  and each role can do only what it needs to.
                </li>
                <li>
                  <strong>Isolation in the database.</strong> Postgres row-level security keeps each workspace&apos;s rows
                  apart, so a request made for one workspace cannot read or change another&apos;s data, on top of the
                  checks in the application.
                </li>
                <li>
                  <strong>Scoped API keys.</strong> Each API key belongs to exactly one workspace and can be revoked at
                  any time. Keys are shown once and stored only as a hash.
                </li>
              </ul>
            </Section>

            <Section id="mfa">
              <p>
                Auriko supports time-based one-time passwords (TOTP) from authenticator apps such as Google
                Authenticator and Authy. We recommend MFA for everyone, and above all for Owners and Admins, whose
                accounts control provider keys, API keys and membership.
              </p>
              <p>
                <Link href="/account/security" className={textLink}>
                  Turn on MFA in your account security settings
                </Link>
                .
              </p>
            </Section>

            <Section id="api-security">
              <ul>
                <li>
                  <strong>Sanitized passthrough.</strong> Fields passed through to a provider are inspected and
                  sanitized, so no API key, token or authorization header you send ever reaches the provider. Auriko
                  authenticates upstream with your workspace&apos;s provider key only.
                </li>
                <li>
                  <strong>Brute-force protection.</strong> Repeated failed authentication attempts are temporarily
                  blocked, which stops password and key guessing.
                </li>
              </ul>
            </Section>

            <Section id="incident-response">
              <p>
                If we confirm a security incident that affects you, we notify affected customers within 72 hours. The
                notice says what happened and its scope, the impact on your data, and the remediation we have taken
                and recommend.
              </p>
              <p>
                Every affected Owner and Admin is told, and the incident, its timeline and its resolution are kept as
                part of the service&apos;s incident history.
              </p>
            </Section>

            <Section id="responsible-disclosure">
              <p>
                Found a vulnerability? Please report it to <SecurityContact />. Tell us what you found and how to
                reproduce it.
              </p>
              <ul>
                <li>We will not pursue legal action against research carried out in good faith.</li>
                <li>Please give us a reasonable time to fix the issue before you disclose it publicly.</li>
                <li>
                  Do not access, change or delete data that is not yours, and stop as soon as you have shown the issue.
                </li>
              </ul>
              <p>
                Our{" "}
                <Link href="/security/disclosure" className={textLink}>
                  vulnerability disclosure policy
                </Link>{" "}
                sets out what to include in a report, how quickly we respond, what is in scope, and our safe harbour for
                good-faith research.
              </p>
              <p>
                Machine-readable contact details are in{" "}
                <a href="/.well-known/security.txt" className={textLink}>
                  /.well-known/security.txt
                </a>
                .
              </p>
            </Section>
          </div>
        </div>
      </main>
      <SiteFooter />
    </>
  );
}
