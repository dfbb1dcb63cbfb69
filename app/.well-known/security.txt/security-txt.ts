/**
 * RFC 9116 security.txt. Expires is computed when the file is served, so an installation
 * never publishes a stale one; the RFC asks for less than a year ahead.
 */
export const EXPIRES_AFTER_DAYS = 180;

export type SecurityTxtInput = {
  /** The disclosure address (AURIKO_SECURITY_CONTACT). */
  contact: string;
  /** The console's public origin, without a trailing slash. */
  origin: string;
  now: Date;
};

export function buildSecurityTxt({ contact, origin, now }: SecurityTxtInput): string {
  const expires = new Date(now.getTime() + EXPIRES_AFTER_DAYS * 24 * 3600_000);
  const lines = [
    "# How to report a security vulnerability in this Auriko installation.",
    `# Please read the policy first: ${origin}/security/disclosure`,
    `Contact: mailto:${contact}`,
    `Expires: ${expires.toISOString().replace(/\.\d{3}Z$/, "Z")}`,
    `Policy: ${origin}/security/disclosure`,
    `Canonical: ${origin}/.well-known/security.txt`,
    "Preferred-Languages: en",
  ];
  return lines.join("\n") + "\n";
}
