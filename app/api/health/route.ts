import { healthResponse } from "@/lib/status/public";

/**
 * Liveness and readiness for load balancers and monitors: 200 when the database
 * answers within 2 s and the master key opens the stored provider keys, else 503.
 * Public, never cached, nothing but the check results.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return healthResponse();
}
