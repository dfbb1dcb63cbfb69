import "server-only";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its usual text form (any version; case-insensitive). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
