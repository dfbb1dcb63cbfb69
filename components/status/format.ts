/** Status times are shown in UTC, spelled out, so every visitor reads the same thing. */
const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

export function statusTime(iso: string): string {
  return `${dateTime.format(new Date(iso))} UTC`;
}

/** Uptime percent (a JSON number) as text, never rounded up to 100 %. */
export function percentText(p: number | null): string {
  if (p === null) return "No data";
  if (p >= 100) return "100%";
  return `${(Math.floor(p * 100) / 100).toFixed(2)}%`;
}
