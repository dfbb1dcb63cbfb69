import "server-only";
import { clearApiKeyCache } from "./authenticate-api-key";

/**
 * After a write that stops keys (a revocation, a member leaving or demoted, a user
 * suspended): this process's key cache is cleared at once, and so is the production
 * server's when the write happened in its console worker, which runs the console in its
 * own process while the server runs the proxy (server/console-worker.ts installs the
 * hook that tells it). Other instances see the change within KEY_CACHE_TTL_MS.
 *
 * The hook lives on globalThis because Next bundles its own copy of this module: the
 * worker's import and the server actions' would otherwise not share a variable.
 */
const HOOK = Symbol.for("auriko.apiKeysChanged");
type Hooked = { [HOOK]?: () => void };

export function apiKeysChanged(): void {
  clearApiKeyCache();
  (globalThis as Hooked)[HOOK]?.();
}

export function onApiKeysChanged(fn: () => void): void {
  (globalThis as Hooked)[HOOK] = fn;
}
