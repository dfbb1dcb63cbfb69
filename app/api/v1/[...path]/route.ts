import { createProxy } from "@/lib/proxy/core";
import { createNodeDeps, fetchTransport } from "@/lib/gateway/node-deps";
import { clientIpFromHeaders } from "@/lib/http/client-ip";

/**
 * Proxy host #1: the Next.js route handler (what a Vercel-style deployment runs).
 * The production server answers /api/v1/* itself, off Next's pipeline; both call the
 * same proxy core. Node runtime: the proxy needs Postgres and the vault.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

let proxy: ReturnType<typeof createProxy> | undefined;

async function handle(req: Request, ctx: { params: Promise<{ path: string[] }> }) {
  proxy ??= createProxy(createNodeDeps(fetchTransport));
  const { path } = await ctx.params;
  return proxy(req, { clientIp: clientIpFromHeaders(req.headers), path: path.join("/") });
}

export { handle as GET, handle as POST, handle as OPTIONS };
