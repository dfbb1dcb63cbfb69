import "server-only";
import type { SignalLike } from "./types";

/**
 * A one-shot abort flag with the part of AbortSignal the proxy and undici use
 * (`aborted`, `reason`, add/removeEventListener("abort")). The Node host makes two per
 * request (the client went away; the provider call is over) instead of AbortControllers,
 * whose EventTarget bookkeeping costs CPU per request and which keep everything their
 * listeners reach alive past the young generation (docs/decisions.md, "Abort signals
 * without AbortControllers", has the measurements).
 */
export class AbortFlag implements SignalLike {
  aborted = false;
  reason: unknown = undefined;
  // Usually one listener (the provider call's), sometimes two: no array until needed.
  private first: (() => void) | null = null;
  private more: (() => void)[] | null = null;

  addEventListener(_type: "abort", listener: () => void): void {
    if (this.aborted) return;
    if (!this.first) this.first = listener;
    else (this.more ??= []).push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    if (this.first === listener) this.first = null;
    else if (this.more) {
      const i = this.more.indexOf(listener);
      if (i !== -1) this.more.splice(i, 1);
    }
  }

  abort(reason: unknown = new DOMException("This operation was aborted.", "AbortError")): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const first = this.first;
    const more = this.more;
    this.first = null;
    this.more = null;
    first?.();
    if (more) for (const listener of more) listener();
  }
}

/** A real AbortSignal that follows `signal`, for APIs that insist on one (`fetch`). */
export function toAbortSignal(signal: SignalLike): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}
