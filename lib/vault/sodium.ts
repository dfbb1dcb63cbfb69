import "server-only";
import _sodium from "libsodium-wrappers";

/** libsodium, initialised once per process (loading its WebAssembly is the slow part). */
let ready: Promise<typeof _sodium> | undefined;

export function sodium(): Promise<typeof _sodium> {
  ready ??= _sodium.ready.then(() => _sodium);
  return ready;
}
