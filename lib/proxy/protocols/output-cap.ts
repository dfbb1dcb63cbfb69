import "server-only";

/** A request's output-token maximum as limits reserve it: a positive whole number, else none. */
export function outputCap(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.min(Math.ceil(value), 2_000_000_000) : null;
}
