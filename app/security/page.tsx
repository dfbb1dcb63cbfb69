import type { Metadata } from "next";
import Link from "next/link";
import { ArticlePage, SecurityContact, sectionsOf, textLink } from "@/components/article-page";

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

const Section = sectionsOf(sections);

export default function SecurityPage() {
  return (
    <ArticlePage
      current="/security"
      eyebrow="Trust"
      title="Security at Auriko"
      intro={
        <p className="mt-4 text-lg text-slate-600 dark:text-slate-300">
          Auriko carries your prompts to the model providers you choose. Here is how we keep the keys, the traffic and the
          people behind it safe, and what we promise when something goes wrong.
        </p>
      }
      sections={sections}
    >
            <Section id="encryption">
              <ul>
                <li>
                  <strong>At rest.</strong> Data is stored on AES-256 encrypted volumes, and backups are encrypted the
                  same way. When you self-host, the operator provides the encrypted volumes and backups; our deployment
                  guide documents how to set them up.
                </li>
                <li>
                  <strong>In transit.</strong> Every connection uses TLS: from your apps and browsers to Auriko, and
                  from Auriko to the model providers. Auriko&apos;s own HTTPS accepts only TLS 1.3 and TLS 1.2 with
                  forward-secret, authenticated encryption (ECDHE with AES-GCM or ChaCha20-Poly1305).
                </li>
                <li>
                  <strong>Provider keys (BYOK).</strong> The provider keys you bring are sealed with XSalsa20-Poly1305
                  under a key derived separately for each workspace. A sealed key is bound to its workspace and
                  provider. The proxy keeps an opened key in one place only, a bounded cache entry for its workspace
                  that lives at most 60 seconds; the derived key and the opened bytes are wiped at once. The text form
                  the HTTP client needs cannot be overwritten in Node, so it is released to the garbage collector rather
                  than wiped. The server starts with core dumps turned off, so a crash never writes opened keys to disk. A
                  stored key that cannot be opened is reported to the workspace as exactly that and is
                  never sent anywhere.
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
                <li>
                  <strong>Sensitive changes ask again.</strong> Creating or revoking API keys, changing roles, removing
                  members, transferring ownership, changing the MFA policy, changing provider keys and every operator
                  change need your password, or a two-factor code when MFA is on, from the last five minutes, in the
                  same session. A stolen session cookie alone cannot make them.
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
                We e-mail you when your account is signed in to from a new device, when someone enters wrong
                two-factor codes for it, and when its two-factor authentication, recovery codes, password, roles or API
                keys change. Your account&apos;s audit log lists every sign-in and failed attempt besides, with its
                device and address (never a password or code), and your account page lets you end any session.
              </p>
              <p>
                Signing up never says whether an address already has an account: every sign-up gets the same answer,
                and what happens next is written only to that address. An account can create a workspace once its e-mail
                address is confirmed (opening an invitation from the e-mail sent to it counts, a link copied by the person
                who invited you does not), and nobody can hold on to someone else&apos;s address by registering it first.
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
                  <strong>Inspected requests.</strong> Every structured part of a request is inspected before it
                  leaves: parameters, tool definitions, content-part options and system-block settings. A field named
                  like a credential, or a value shaped like a known key or token format, is refused with a 400 that
                  names the field, so no API key, token or authorization header you send ever reaches the provider.
                  The text you and the model write is not inspected. Auriko authenticates upstream with your
                  workspace&apos;s provider key only.
                </li>
                <li>
                  <strong>Brute-force protection.</strong> Repeated failed authentication attempts are temporarily
                  blocked, which stops password and key guessing. A browser you have signed in from before keeps its
                  own allowance, so someone guessing your password cannot lock you out.
                </li>
                <li>
                  <strong>No cross-site changes.</strong> Anything that changes your account or workspace must come
                  from the console&apos;s own pages at its configured address. A request another site makes with your
                  browser is refused before it reaches any action, whatever forwarding headers it carries.
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
    </ArticlePage>
  );
}
