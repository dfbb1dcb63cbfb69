import type { Metadata } from "next";
import Link from "next/link";
import { ArticlePage, SecurityContact, sectionsOf, textLink } from "@/components/article-page";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui";

// Self-hosters set their own disclosure address (AURIKO_SECURITY_CONTACT): read it per request.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Vulnerability disclosure policy",
  description:
    "How to report a security vulnerability in Auriko, how quickly we respond, what is in scope, and our safe harbour for good-faith research.",
};

const sections = [
  { id: "report", title: "How to report" },
  { id: "response", title: "What happens next" },
  { id: "scope", title: "Scope" },
  { id: "rules", title: "Rules of engagement" },
  { id: "safe-harbour", title: "Safe harbour" },
  { id: "disclosure", title: "Coordinated disclosure" },
  { id: "credit", title: "Credit" },
] as const;

const Section = sectionsOf(sections);

const fixTargets = [
  { severity: "Critical", example: "Reading or changing another workspace's data, remote code execution, leaked provider keys", target: "7 days" },
  { severity: "High", example: "Bypassing MFA or a role check, stealing a session", target: "30 days" },
  { severity: "Medium", example: "Issues that need an unlikely precondition or user interaction", target: "90 days" },
  { severity: "Low", example: "Hardening and defence-in-depth findings", target: "Next planned release" },
] as const;

export default function DisclosurePolicyPage() {
  const mail = <SecurityContact />;
  return (
    <ArticlePage
      current="/security"
      eyebrow={
        <Link href="/security" className="hover:underline">
          Security
        </Link>
      }
      title="Vulnerability disclosure policy"
      intro={
        <>
          <p className="mt-4 text-lg text-slate-600 dark:text-slate-300">
            If you believe you have found a security vulnerability in Auriko, we want to hear from you. This page explains
            how to tell us, how quickly we respond, and the promises we make to researchers who act in good faith.
          </p>
          <p className="mt-4 text-slate-700 dark:text-slate-300">Send reports to {mail}.</p>
        </>
      }
      sections={sections}
    >
            <Section id="report">
              <p>Email {mail}. A useful report includes:</p>
              <ul>
                <li>what is affected: the page, API endpoint or file, and for a self-hosted installation the version or commit;</li>
                <li>the steps to reproduce it, with a proof of concept if you have one;</li>
                <li>what an attacker could achieve, as far as you know;</li>
                <li>how to reach you, and whether and how you would like to be credited.</li>
              </ul>
              <p>
                Please do not put other people&apos;s data, real API keys or passwords in a report. If your report needs
                to carry sensitive details, say so in a short first message and we will agree on an encrypted channel
                before you send them. Please do not report vulnerabilities in public issues or forums.
              </p>
              <p>
                The same contact details are published in machine-readable form at{" "}
                <a href="/.well-known/security.txt" className={textLink}>
                  /.well-known/security.txt
                </a>
                .
              </p>
            </Section>

            <Section id="response">
              <ul>
                <li>
                  <strong>Acknowledgement</strong> within 2 business days, from a person, not an autoresponder.
                </li>
                <li>
                  <strong>Triage</strong> within 5 business days: whether we can reproduce it, how severe we think it is,
                  and what happens next.
                </li>
                <li>
                  <strong>Updates</strong> at least every 14 days until it is fixed, and when we ship the fix.
                </li>
              </ul>
              <Table label="Fix targets by severity">
                <TableCaption>Fix targets, counted from our triage</TableCaption>
                <TableHead>
                  <TableRow>
                    <TableHeaderCell>Severity</TableHeaderCell>
                    <TableHeaderCell>For example</TableHeaderCell>
                    <TableHeaderCell>Fixed within</TableHeaderCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {fixTargets.map((t) => (
                    <TableRow key={t.severity}>
                      <TableHeaderCell scope="row">
                        {t.severity}
                      </TableHeaderCell>
                      <TableCell className="min-w-56">{t.example}</TableCell>
                      <TableCell className="whitespace-nowrap">{t.target}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <p>
                If a vulnerability is being exploited, we act at once and, when customers are affected, notify them within
                72 hours as described under{" "}
                <Link href="/security#incident-response" className={textLink}>
                  incident response
                </Link>
                .
              </p>
            </Section>

            <Section id="scope">
              <p>In scope:</p>
              <ul>
                <li>the console (sign-in, MFA, workspaces, members, provider keys, API keys, usage, audit log);</li>
                <li>the gateway API under /api/v1 and the way it handles keys, prompts and responses;</li>
                <li>the public pages, including the status page;</li>
                <li>the Auriko source code and its default configuration, when self-hosted.</li>
              </ul>
              <p>Out of scope:</p>
              <ul>
                <li>
                  the model providers themselves (OpenAI, Anthropic and others): please report to them directly;
                </li>
                <li>
                  installations run by someone else: contact their operator, whose address is in their own
                  security.txt;
                </li>
                <li>denial of service by volume, spam, social engineering and physical attacks;</li>
                <li>
                  reports from automated scanners, or about missing headers and best practices, without a way to exploit
                  them;
                </li>
                <li>issues that need a compromised device, an outdated browser, or the victim to paste code into their own browser.</li>
              </ul>
            </Section>

            <Section id="rules">
              <ul>
                <li>Test only with accounts and workspaces you own, or with the explicit permission of their owner.</li>
                <li>
                  Do not access, change or delete data that is not yours. If you reach someone else&apos;s data, stop,
                  do not keep a copy, and tell us.
                </li>
                <li>Do only what you need to show the issue: no persistence, no pivoting, no degrading the service for others.</li>
                <li>Give us a reasonable time to fix the issue before you tell anyone else.</li>
              </ul>
            </Section>

            <Section id="safe-harbour">
              <p>
                We consider security research carried out in good faith and within this policy to be authorised. We will
                not take legal action against you or report you to law enforcement for it, and if someone else does, we
                will make it known that your work was authorised.
              </p>
              <p>
                If you are unsure whether something you plan to do is within this policy, ask us first at {mail}.
              </p>
            </Section>

            <Section id="disclosure">
              <ol>
                <li>You report the issue privately and we acknowledge it.</li>
                <li>We confirm it, agree the severity with you, and work on a fix.</li>
                <li>
                  We release the fix and notify affected customers. For self-hosted installations we publish the fixed
                  version with an advisory.
                </li>
                <li>
                  We agree a disclosure date with you: by default when the fix is available, and no later than 90 days
                  after your report. If we need longer, we will explain why and agree a new date with you.
                </li>
              </ol>
            </Section>

            <Section id="credit">
              <p>
                With your permission, we thank you by name (or the name you choose) in the advisory for the issue you
                reported. We do not currently offer payment for reports.
              </p>
            </Section>
    </ArticlePage>
  );
}
