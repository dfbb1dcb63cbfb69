/** Uptime percent (a JSON number) as text, never rounded up to 100 %. */
export function percentText(p: number | null): string {
  if (p === null) return "No data";
  if (p >= 100) return "100%";
  return `${(Math.floor(p * 100) / 100).toFixed(2)}%`;
}
