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
  "sign_in",
  "sign_in_failed",
  "mfa_failed",
  "mfa_replayed",
  "session_ended",
  "signed_out",
  "signed_out_all",
  "sign_up_attempt",
  "email_verified",
] as const;

export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export type EventDetails = Record<string, string | number | boolean | null>;

/**
 * Whether a kind e-mails the account's owner ("email", rate-limited per kind in
 * lib/security-events) or is only listed in the account's audit log ("list"). Routine or
 * self-inflicted events (every ordinary sign-in, a failed password anyone can cause by
 * typing an address, ending one's own sessions) are listed only: mail about them would
 * teach people to ignore the mail that matters. A kind missing here e-mails.
 */
export const SECURITY_EVENT_NOTIFY: Partial<Record<SecurityEventKind, "email" | "list">> = {
  sign_in: "list",
  sign_in_failed: "list",
  mfa_failed: "list",
  mfa_replayed: "list",
  session_ended: "list",
  signed_out: "list",
  signed_out_all: "list",
  email_verified: "list",
};

export function notifies(kind: string): boolean {
  return (SECURITY_EVENT_NOTIFY as Record<string, string | undefined>)[kind] !== "list";
}

const METHODS: Record<string, string> = { password: "Password", totp: "Authenticator code", recovery_code: "Recovery code" };

/** The sign-in method of an event's details, in words ("Authenticator code"), or null. */
export function methodLabel(method: unknown): string | null {
  return typeof method === "string" && Object.hasOwn(METHODS, method) ? METHODS[method]! : null;
}

const FAILURE_REASONS: Record<string, string> = {
  wrong_password: "Wrong password",
  account_suspended: "Account suspended",
  wrong_code: "Wrong code",
  replayed_code: "Code already used",
};

/**
 * The audit log's "Details" column: method, reason and count, in words. Only facts the
 * details carry by design; anything else in them is not shown.
 */
export function describeEventDetails(kind: string, d: EventDetails): string | null {
  const parts: string[] = [];
  const method = methodLabel(d.method);
  if (method) parts.push(method);
  const reason = typeof d.reason === "string" && Object.hasOwn(FAILURE_REASONS, d.reason) ? FAILURE_REASONS[d.reason]! : null;
  if (reason && !(kind === "mfa_replayed" && d.reason === "replayed_code")) parts.push(reason);
  const count = Number(d.count ?? 0);
  if (kind === "sign_in_failed" && count > 1) parts.push(`${count} attempts within a minute`);
  if (kind === "recovery_code_used" && typeof d.left === "number") parts.push(`${d.left} left`);
  if (d.during === "account") parts.push("On the account page");
  return parts.length ? parts.join(" · ") : null;
}

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
    case "sign_in":
      return {
        title: "Signed in",
        subject: "New sign-in to your Auriko account",
        lead: "Your account was signed in to.",
      };
    case "sign_in_failed":
      return {
        title: Number(d.count ?? 1) > 1 ? "Failed sign-in attempts" : "Failed sign-in attempt",
        subject: "Failed sign-in attempts on your Auriko account",
        lead: "Someone tried to sign in to your account with a wrong password.",
      };
    case "mfa_failed":
      return {
        title: "Wrong two-factor code entered",
        subject: "A wrong two-factor code for your Auriko account",
        lead: "A wrong two-factor authentication code was entered for your account.",
      };
    case "mfa_replayed":
      return {
        title: "Two-factor code used twice",
        subject: "A two-factor code for your Auriko account was used twice",
        lead: "A two-factor authentication code that had already been used was entered again for your account, and refused.",
      };
    case "session_ended":
      return {
        title: "Session ended",
        subject: "A session of your Auriko account was ended",
        lead: "One of your account's sessions was ended from the account page.",
      };
    case "signed_out":
      return { title: "Signed out", subject: "Signed out of Auriko", lead: "Your account signed out." };
    case "signed_out_all":
      return {
        title: "Signed out everywhere",
        subject: "Your Auriko account was signed out everywhere",
        lead: "Every session of your account was ended with “Sign out everywhere”.",
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
