/**
 * Relays an upstream byte stream to the client one chunk per pull: nothing is
 * buffered beyond the chunk in hand. An idle upstream (no bytes for `idleTimeoutMs`)
 * or a failing one ends the stream with one error event; a client that goes away
 * cancels the upstream read, which aborts the provider request.
 */
export type RelayEnd = "complete" | "upstream_error" | "idle_timeout" | "client_abort";

export function relay(
  source: ReadableStream<Uint8Array>,
  opts: { idleTimeoutMs: number; abortUpstream: (reason: string) => void; errorEvent: () => string; onEnd: (end: RelayEnd) => void },
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const enc = new TextEncoder();
  let ended = false;
  let idle = false;
  const end = (how: RelayEnd) => {
    if (!ended) {
      ended = true;
      opts.onEnd(how);
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const timer = setTimeout(() => {
          idle = true;
          opts.abortUpstream("idle_timeout");
        }, opts.idleTimeoutMs);
        try {
          const { done, value } = await reader.read();
          if (done) {
            end("complete");
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch {
          if (ended) return;
          end(idle ? "idle_timeout" : "upstream_error");
          controller.enqueue(enc.encode(opts.errorEvent()));
          controller.close();
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
