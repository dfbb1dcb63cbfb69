import type { NextRequest } from "next/server";
import { runWorkspaceAction } from "@/lib/actions/registry";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readUsageFilters } from "@/lib/console/usage-params";
import { ERROR_CODES, type ActionError } from "@/lib/errors";
import { csvHeader, csvLines } from "@/lib/usage";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * CSV of the filtered usage metadata (never content). Authorised like the usage page:
 * signed out → sign-in, not a member → 404, no permission → 403. The rows stream out in
 * pages; each page goes through the action registry again, with the principal resolved
 * once from this request's session.
 */
function refuse(error: ActionError, path: string): Response {
  if (error.code === "UNAUTHENTICATED") {
    return new Response(null, { status: 303, headers: { location: `/login?callbackUrl=${encodeURIComponent(path)}` } });
  }
  const status = ERROR_CODES[error.code] ?? 400;
  const text = status === 404 ? "Not found." : error.message;
  return new Response(`${text}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

export async function GET(req: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await getCurrentUser();
  const filters = readUsageFilters(req.nextUrl.searchParams);
  const first = await runWorkspaceAction("usage.export", principal, slug, filters);
  if (!first.ok) return refuse(first.error, `${req.nextUrl.pathname}${req.nextUrl.search}`);

  const enc = new TextEncoder();
  let page = first.data;
  let headerSent = false;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(enc.encode(csvHeader()));
      }
      if (done) return controller.close();
      if (page.rows.length) controller.enqueue(enc.encode(csvLines(page.rows)));
      if (!page.nextCursor) {
        done = true;
        return controller.close();
      }
      const next = await runWorkspaceAction("usage.export", principal, slug, { ...filters, cursor: page.nextCursor });
      if (!next.ok) {
        // Access ended mid-download (membership removed): stop rather than go on.
        controller.error(new Error(next.error.code));
        return;
      }
      page = next.data;
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="auriko-usage-${slug.replace(/[^a-z0-9-]/gi, "")}-${filters.range}-${day}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
