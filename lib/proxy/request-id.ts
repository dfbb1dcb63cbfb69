/**
 * Request ids: `req_` and 24 hex digits, the first 12 fixed per proxy core (random) and
 * the last 12 a counter. Unique without coordination between instances, cheap to make
 * (no random bytes per request), and two 48-bit numbers for the usage meter, which keeps
 * its buffered rows as numbers (lib/usage/meter.ts).
 */
import "server-only";

const HALF = 12;

export function createRequestIds(): () => string {
  const bytes = crypto.getRandomValues(new Uint8Array(HALF / 2));
  const prefix = `req_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  let counter = 0;
  return () => prefix + (counter++).toString(16).padStart(HALF, "0");
}

/** The two halves as numbers; null for anything that is not such an id. */
export function requestIdParts(id: string | undefined): [number, number] | null {
  if (!id || id.length !== 4 + 2 * HALF || !id.startsWith("req_")) return null;
  const high = Number.parseInt(id.slice(4, 4 + HALF), 16);
  const low = Number.parseInt(id.slice(4 + HALF), 16);
  return Number.isFinite(high) && Number.isFinite(low) ? [high, low] : null;
}

export function requestIdOf(high: number, low: number): string {
  return `req_${high.toString(16).padStart(HALF, "0")}${low.toString(16).padStart(HALF, "0")}`;
}
