import { statusJsonResponse } from "@/lib/status/public";

/**
 * The status page for machines: overall indicator, components with their state and
 * uptime, incidents with their updates, maintenance windows. Public; cached for 30 s.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return statusJsonResponse();
}
