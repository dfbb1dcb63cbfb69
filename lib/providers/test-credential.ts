import "server-only";
import { provider, providerBaseUrl } from "./registry";

/**
 * "Test" for a provider credential: the smallest authenticated call the provider
 * offers (listing models), answered with a status only. The key is used for this one
 * request and never logged; the upstream's body is not read beyond its status.
 */
export type CredentialTestResult = { ok: true; status: number } | { ok: false; status?: number; reason: string };

export async function testCredential(providerId: string, key: Uint8Array, timeoutMs = 10_000): Promise<CredentialTestResult> {
  const def = provider(providerId);
  if (!def) return { ok: false, reason: "Unknown provider." };
  const secret = new TextDecoder().decode(key);
  if (def.protocol === "mock") {
    return secret.length > 0 ? { ok: true, status: 200 } : { ok: false, reason: "The key is empty." };
  }
  const headers: Record<string, string> =
    def.protocol === "anthropic"
      ? { "x-api-key": secret, "anthropic-version": "2023-06-01" }
      : { authorization: `Bearer ${secret}` };
  try {
    const res = await fetch(`${providerBaseUrl(def)}/models`, {
      method: "GET",
      headers,
      signal: AbortSignal.timeout(timeoutMs),
      cache: "no-store",
      redirect: "error",
    });
    await res.body?.cancel();
    if (res.ok) return { ok: true, status: res.status };
    const reason =
      res.status === 401 || res.status === 403
        ? "The provider rejected this key."
        : res.status === 429
          ? "The provider is rate limiting this key; it may still be valid."
          : `The provider answered with status ${res.status}.`;
    return { ok: false, status: res.status, reason };
  } catch (err) {
    const timeout = (err as Error).name === "TimeoutError";
    return { ok: false, reason: timeout ? "The provider did not answer in time." : "Could not reach the provider." };
  }
}
