/**
 * Relays an upstream byte stream to the client one chunk per pull: nothing is
 * buffered beyond the chunk in hand. An idle upstream (no bytes for `idleTimeoutMs`)
 * or a failing one ends the stream with one error event; a client that goes away
 * cancels the upstream read, which aborts the provider request.
 *
 * The stream's transformer (usage observation, protocol translation) runs inside the
 * relay's own pull, with the same contract as in a TransformStream (`start`,
 * `transform`, `flush`; the controller's `enqueue`, `error`, `terminate`), but without a
 * TransformStream and a pipe in between: each of those adds queues and promise hops to
 * every chunk, and most to the first one.
 */
import "server-only";

export type RelayEnd = "complete" | "upstream_error" | "idle_timeout" | "client_abort";

export function relay(
  source: ReadableStream<Uint8Array>,
  transformer: Transformer<Uint8Array, Uint8Array> | null,
  opts: { idleTimeoutMs: number; abortUpstream: (reason: string) => void; errorEvent: () => string; onEnd: (end: RelayEnd) => void },
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const enc = new TextEncoder();
  let ended = false;
  let idle = false;
  // What the transformer produced and has not been handed on yet.
  let out: Uint8Array[] = [];
  let failure: { reason: unknown } | null = null;
  let terminated = false;
  // A plain value, not a getter, so the controller dies young with what its closures
  // reach (docs/decisions.md, "Object shapes on the request path").
  const controller: TransformStreamDefaultController<Uint8Array> = {
    desiredSize: 1,
    enqueue: (chunk) => void (chunk !== undefined && out.push(chunk)),
    error: (reason) => void (failure ??= { reason }),
    terminate: () => void (terminated = true),
  };
  const started = transformer?.start?.(controller);

  const end = (how: RelayEnd) => {
    if (!ended) {
      ended = true;
      opts.onEnd(how);
    }
  };
  /** Hands on what the transformer produced; a transformer error discards it, as a TransformStream would. */
  const deliver = (target: ReadableStreamDefaultController<Uint8Array>): boolean => {
    if (failure) throw failure.reason;
    if (!out.length) return false;
    for (const chunk of out) target.enqueue(chunk);
    out = [];
    return true;
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(target) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          await started;
          // Until something can be handed on: a chunk may hold only part of an event.
          for (;;) {
            if (deliver(target) && !terminated) return;
            if (terminated) {
              end("complete");
              target.close();
              void reader.cancel().catch(() => {});
              return;
            }
            // The idle clock runs while we wait for the provider's next bytes.
            timer = setTimeout(() => {
              idle = true;
              opts.abortUpstream("idle_timeout");
            }, opts.idleTimeoutMs);
            const { done, value } = await reader.read();
            clearTimeout(timer);
            if (done) {
              await transformer?.flush?.(controller);
              deliver(target);
              end("complete");
              target.close();
              return;
            }
            if (transformer) await transformer.transform!(value, controller);
            else out.push(value);
          }
        } catch {
          if (ended) return;
          end(idle ? "idle_timeout" : "upstream_error");
          out = [];
          target.enqueue(enc.encode(opts.errorEvent()));
          target.close();
          void reader.cancel().catch(() => {});
        } finally {
          clearTimeout(timer);
        }
      },
      async cancel() {
        end("client_abort");
        opts.abortUpstream("client_abort");
        await reader.cancel().catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
