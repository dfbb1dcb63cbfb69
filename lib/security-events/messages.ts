import "server-only";

/**
 * What each account security event says, on the account page ("Security activity") and in
 * its notification e-mail. Built from the event's non-secret details only: names, roles, an
 * API key's label and prefix, a count. Never a password, code, token or key.
 */
export const SECURITY_EVENT_KINDS = [
  "sign_in_new_device",
  "mfa_failures",
  "mfa_enabled",
  "mfa_disabled",
  "recovery_code_used",
  "recovery_codes_regenerated",
  "password_changed",
  "role_changed",
  "api_key_created",
  "api_key_revoked",
  "sign_up_attempt",
  "email_verified",
] as const;

export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export type EventDetails = Record<string, string | number | boolean | null>;

const ROLE_NAMES: Record<string, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };
const role = (r: unknown) => ROLE_NAMES[String(r)] ?? String(r);
const str = (v: unknown, fallback = "") => (typeof v === "string" && v ? v : fallback);
const keyName = (d: EventDetails) => {
  const more = Number(d.more ?? 0);
  return `“${str(d.key, "unnamed")}” (${str(d.prefix)}…)${more > 0 ? ` and ${more} more` : ""}`;
};
const REASONS: Record<string, string> = {
  member_removed: " when they removed you from the workspace",
  role_lowered: " when they lowered your role",
};

/** One short line for the activity list, and the subject and lead paragraph of the e-mail. */
export function describeSecurityEvent(kind: string, d: EventDetails): { title: string; subject: string; lead: string } {
  switch (kind as SecurityEventKind) {
    case "sign_in_new_device":
      return {
        title: "Signed in from a new device",
        subject: "New sign-in to your Auriko account",
        lead: "Your account was signed in to from a browser it had not been signed in from before.",
      };
    case "mfa_failures":
      return {
        title: "Wrong two-factor codes entered",
        subject: "Wrong two-factor codes for your Auriko account",
        lead:
          "Someone entered wrong two-factor authentication codes for your account several times in a row, so further attempts are blocked for a while. " +
          (d.during === "sign_in" ? "They had entered your correct password first: if this wasn't you, change your password now." : ""),
      };
    case "mfa_enabled":
      return {
        title: "Two-factor authentication turned on",
        subject: "Two-factor authentication is on for your Auriko account",
        lead: "Two-factor authentication was turned on for your account. Signing in now asks for a code from your authenticator app.",
      };
    case "mfa_disabled":
      return {
        title: d.by === "operator" ? "Two-factor authentication reset by an operator" : "Two-factor authentication turned off",
        subject: "Two-factor authentication is off for your Auriko account",
        lead:
          d.by === "operator"
            ? "An operator of this Auriko installation reset two-factor authentication for your account. Your password alone now signs you in."
            : "Two-factor authentication was turned off for your account. Your password alone now signs you in.",
      };
    case "recovery_code_used":
      return {
        title: "Signed in with a recovery code",
        subject: "A recovery code was used for your Auriko account",
        lead: `A recovery code was used to sign in to your account. ${Number(d.left ?? 0)} recovery ${d.left === 1 ? "code is" : "codes are"} left.`,
      };
    case "recovery_codes_regenerated":
      return {
        title: "New recovery codes made",
        subject: "New recovery codes for your Auriko account",
        lead: "A new set of recovery codes was made for your account. The previous codes no longer work.",
      };
    case "password_changed":
      return {
        title: d.via === "reset" ? "Password reset" : "Password changed",
        subject: "Your Auriko password was changed",
        lead: `The password of your account was ${d.via === "reset" ? "reset with a reset link" : "changed"}, and every session was signed out.`,
      };
    case "role_changed":
      return {
        title: `Role in ${str(d.workspace, "a workspace")} changed to ${role(d.to)}`,
        subject: `Your role in ${str(d.workspace, "a workspace")} changed`,
        lead: `${str(d.by, "Someone")} changed your role in ${str(d.workspace, "a workspace")} from ${role(d.from)} to ${role(d.to)}.`,
      };
    case "api_key_created":
      return {
        title: `API key ${keyName(d)} created in ${str(d.workspace, "a workspace")}`,
        subject: "A new API key was created for your Auriko account",
        lead: `The API key ${keyName(d)} was created under your account in ${str(d.workspace, "a workspace")}.`,
      };
    case "api_key_revoked":
      return {
        title: `API key ${keyName(d)} revoked by ${str(d.by, "someone else")}`,
        subject: "One of your Auriko API keys was revoked",
        lead:
          `${str(d.by, "Someone else")} revoked your API key ${keyName(d)} in ${str(d.workspace, "a workspace")}` +
          `${Object.hasOwn(REASONS, str(d.reason)) ? REASONS[str(d.reason)] : ""}. Apps using it are refused from now on.`,
      };
    case "sign_up_attempt":
      return {
        title: "Someone tried to sign up with your address",
        subject: "Someone tried to create an Auriko account with your address",
        lead:
          "Someone tried to create an Auriko account with your e-mail address. You already have one, so nothing was changed. " +
          "If it was you, sign in, or reset your password from the sign-in page if you have forgotten it.",
      };
    case "email_verified":
      return {
        title: "E-mail address confirmed",
        subject: "Your Auriko e-mail address is confirmed",
        lead: "The e-mail address of your account was confirmed.",
      };
    default:
      return { title: kind, subject: "Security activity on your Auriko account", lead: "There was security activity on your account." };
  }
}

export function securityEmail(
  kind: string,
  d: EventDetails,
  meta: { at: Date; device: string | null; ip: string | null; origin: string },
): { subject: string; body: string } {
  const { subject, lead } = describeSecurityEvent(kind, d);
  const when = `${meta.at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const lines = [
    lead,
    "",
    `When: ${when}`,
    ...(meta.device ? [`Device: ${meta.device}`] : []),
    ...(meta.ip ? [`Address: ${meta.ip}`] : []),
    "",
    "If this was you, there is nothing to do.",
    `If it wasn't, change your password and end the sessions you don't recognise: ${meta.origin}/account`,
    "",
    `Your account's security activity: ${meta.origin}/account#security-activity`,
  ];
  return { subject, body: lines.join("\n") };
}
