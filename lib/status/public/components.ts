import "server-only";
import { rawExecute } from "../../db";
import { env } from "../../env";
import { PROVIDERS } from "../../providers/registry";

/**
 * The status page's components: "console" and "api" come from the migration; every
 * upstream provider gets one `provider:<id>` component, created here. The built-in mock
 * provider only exists in demo mode. Safe to run on every start of every instance:
 * ON CONFLICT DO NOTHING, and an operator's edits (name, description, hidden, position)
 * are never overwritten.
 */
export const PROVIDER_POSITION_BASE = 10;

export function providerComponentKey(providerId: string): string {
  return `provider:${providerId}`;
}

/** Providers that have a component in this mode (the mock one only in demo mode). */
export function statusProviders(): { id: string; name: string }[] {
  const demo = env().AURIKO_MODE === "demo";
  return PROVIDERS.filter((p) => demo || p.id !== "mock").map((p) => ({ id: p.id, name: p.name }));
}

export async function ensureStatusComponents(): Promise<{ created: number }> {
  const providers = statusProviders();
  const keys = providers.map((p) => providerComponentKey(p.id));
  const names = providers.map((p) => p.name);
  const ids = providers.map((p) => p.id);
  const positions = providers.map((_, i) => PROVIDER_POSITION_BASE + i);
  const created = await rawExecute(
    `INSERT INTO status_components (key, name, description, kind, provider, position)
     SELECT k, n, 'Requests through Auriko to ' || n, 'provider', p, pos
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS t(k, n, p, pos)
     ON CONFLICT (key) DO NOTHING`,
    [keys, names, ids, positions],
  );
  return { created };
}
