import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth-options";
import { checkGuard, signInKeys } from "@/lib/auth/brute-force";
import { normaliseEmail } from "@/lib/auth/sign-in";
import { clientIpFromHeaders } from "@/lib/http/client-ip";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: RouteContext) {
  return (NextAuth(authOptions()) as unknown as (req: Request, ctx: RouteContext) => Promise<Response>)(req, ctx);
}

export { handler as GET };

/**
 * Credential sign-in goes through the brute-force guard first, so a blocked client
 * or account gets a 429 with Retry-After whether or not the account exists.
 */
export async function POST(req: Request, ctx: RouteContext) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await req.clone().formData().catch(() => null);
    const email = typeof form?.get("email") === "string" ? normaliseEmail(form.get("email") as string) : "";
    const verdict = await checkGuard(signInKeys(email, clientIpFromHeaders(req.headers)));
    if (verdict.blocked) {
      const url = new URL("/login", req.url);
      url.searchParams.set("error", "RateLimited");
      url.searchParams.set("retryAfter", String(verdict.retryAfterSeconds));
      return Response.json(
        { url: url.toString(), error: "RateLimited", retryAfter: verdict.retryAfterSeconds },
        { status: 429, headers: { "Retry-After": String(verdict.retryAfterSeconds), "Cache-Control": "no-store" } },
      );
    }
  }
  return handler(req, ctx);
}
