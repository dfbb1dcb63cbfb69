/** View helpers for the two-factor authentication screens (no server code: safe in client components). */

export type MfaPolicyValue = "OFF" | "OWNERS_ADMINS" | "ALL";

export const MFA_POLICY_OPTIONS: readonly { value: MfaPolicyValue; label: string; description: string }[] = [
  { value: "OFF", label: "Nobody", description: "Two-factor authentication is recommended, not required." },
  {
    value: "OWNERS_ADMINS",
    label: "Owners and Admins",
    description: "Everyone who can manage provider keys, members or settings must use it.",
  },
  { value: "ALL", label: "Everyone", description: "Every member of the workspace must use it." },
];

/** Whether a policy applies to a role (the browser's copy of lib/workspaces/context's mfaPolicyCovers). */
export function mfaPolicyCoversRole(policy: MfaPolicyValue, role: string): boolean {
  return policy === "ALL" || (policy === "OWNERS_ADMINS" && role !== "MEMBER");
}

export function mfaPolicyLabel(policy: MfaPolicyValue): string {
  return MFA_POLICY_OPTIONS.find((o) => o.value === policy)?.label ?? policy;
}

/** "JBSWY3DPEHPK3PXP…" → "JBSW Y3DP EHPK 3PXP …": easier to read and type into an app. */
export function groupSetupKey(secret: string): string {
  return (secret.replace(/\s/g, "").match(/.{1,4}/g) ?? []).join(" ");
}

/** The text file offered by "Download" next to a fresh set of recovery codes. */
export function recoveryCodesFile(codes: readonly string[], account: string, createdAt = new Date()): string {
  return [
    "Auriko recovery codes",
    `Account: ${account}`,
    `Created: ${createdAt.toISOString().slice(0, 10)}`,
    "",
    "Each code works once, in place of a code from your authenticator app.",
    "Keep this file somewhere safe, such as a password manager.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/** Below this many unused recovery codes the console suggests making a new set. */
export const LOW_RECOVERY_CODES = 3;
