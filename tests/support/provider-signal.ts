import { ProviderSignal } from "../../lib/status/public";

type Globals = { __aurikoProviderSignal?: ProviderSignal };

/**
 * Replaces the process-wide provider signal with one that never flushes on its own, so
 * that a test reads exactly its own counts (other test files send traffic to the same
 * table). `restore()` puts the previous one back.
 */
export function isolateProviderSignal(): { signal: ProviderSignal; restore: () => void } {
  const previous = (globalThis as Globals).__aurikoProviderSignal;
  const signal = new ProviderSignal({ intervalMs: 3_600_000 });
  (globalThis as Globals).__aurikoProviderSignal = signal;
  return { signal, restore: () => void ((globalThis as Globals).__aurikoProviderSignal = previous) };
}
