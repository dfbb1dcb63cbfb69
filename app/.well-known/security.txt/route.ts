import { publicOrigin } from "@/lib/http/public-origin";
import { env } from "@/lib/env";
import { buildSecurityTxt } from "./security-txt";

// Expires is relative to now, and the contact is the operator's: built per request.
export const dynamic = "force-dynamic";

/**
 * The origin comes from configuration, never from the request's Host header, so nobody
 * can make this file point somewhere else.
 */
export function GET(): Response {
  const body = buildSecurityTxt({ contact: env().AURIKO_SECURITY_CONTACT, origin: publicOrigin(), now: new Date() });
  return new Response(body, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "public, max-age=86400",
    },
  });
}
