/**
 * Dates in the console are shown in UTC, spelled out, so what an Owner reads in the
 * audit log matches what an Admin in another time zone reads.
 */
const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dateOnly = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });

export function formatDateTime(d: Date | string): string {
  return `${dateTime.format(new Date(d))} UTC`;
}

export function formatDate(d: Date | string): string {
  return dateOnly.format(new Date(d));
}

export function isoString(d: Date | string): string {
  return new Date(d).toISOString();
}

const roleNames = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" } as const;

export function roleName(role: keyof typeof roleNames): string {
  return roleNames[role];
}

/** "Chrome on Linux" from a user-agent string; falls back to a short prefix of it. */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return "Unknown device";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : /curl\//.test(ua)
            ? "curl"
            : undefined;
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad/.test(ua)
        ? "iOS"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : undefined;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? ua.slice(0, 40);
}

/**
 * The entry for a value the database keeps as text (a CHECK constraint there, `string`
 * here), or undefined for one this build has no entry for, so pages fall back to the raw
 * text. Own keys only: "constructor" is not a label.
 */
export function lookup<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
