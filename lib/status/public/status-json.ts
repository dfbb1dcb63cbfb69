import "server-only";
import { childLogger } from "../../log";
import { publicStatus, type PublicStatus } from "./public-status";

/**
 * GET /status.json. Shared caches and browsers may keep it 30 s (the page itself moves
 * every 5 minutes; incidents are written by hand). When the status data cannot be read,
 * a 503 says so, uncached, so a monitor never sees a stale "operational".
 */
export const STATUS_JSON_CACHE = "public, max-age=30, s-maxage=30";

const log = childLogger("status");

export async function statusJsonResponse(load: () => Promise<PublicStatus> = publicStatus): Promise<Response> {
  try {
    const body = await load();
    return Response.json(body, { headers: { "Cache-Control": STATUS_JSON_CACHE } });
  } catch (err) {
    log.warn({ err: (err as Error).name }, "status data unavailable");
    return Response.json(
      { status: { indicator: "major_outage", description: "Status data is unavailable" }, error: "unavailable" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
