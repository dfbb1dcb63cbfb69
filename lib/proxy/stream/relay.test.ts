import { describe, expect, it } from "vitest";
import { relay, type RelayEnd } from "./relay";

const enc = new TextEncoder();
const dec = new TextDecoder();
const ERROR_EVENT = 'data: {"error":{"code":"upstream_stream_error"}}\n\n';

type Source = {
  stream: ReadableStream<Uint8Array>;
  /** Errors the stream now (what an aborted undici request does to its body). */
  fail: (reason: unknown) => void;
  cancelled: () => boolean;
  delivered: () => number;
};

/** An upstream that hands out `chunks` one per pull, then closes, fails, or goes silent. */
function upstream(chunks: string[], then: "close" | "fail" | "hang" = "close"): Source {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  let i = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => void (controller = c),
      pull: (c) => {
        if (i < chunks.length) return c.enqueue(enc.encode(chunks[i++]));
        if (then === "close") return c.close();
        if (then === "fail") return c.error(new Error("connection reset"));
        return new Promise(() => {});
      },
      cancel: () => void (cancelled = true),
    },
    { highWaterMark: 0 },
  );
  return { stream, fail: (r) => controller.error(r), cancelled: () => cancelled, delivered: () => i };
}

function run(source: Source, transformer: Transformer<Uint8Array, Uint8Array> | null, idleTimeoutMs = 5_000) {
  const ends: RelayEnd[] = [];
  const aborts: string[] = [];
  const body = relay(source.stream, transformer, {
    idleTimeoutMs,
    abortUpstream: (reason) => {
      aborts.push(reason);
      source.fail(new DOMException(reason, "AbortError"));
    },
    errorEvent: () => ERROR_EVENT,
    onEnd: (end) => ends.push(end),
  });
  return { body, ends, aborts };
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) out.push(dec.decode(chunk));
  return out;
}

/** Holds bytes until a blank line, then hands on the whole event upper-cased; a trailing remnant at the end. */
function eventsUpper(): Transformer<Uint8Array, Uint8Array> {
  let held = "";
  return {
    transform(chunk, controller) {
      held += dec.decode(chunk);
      let at: number;
      while ((at = held.indexOf("\n\n")) !== -1) {
        controller.enqueue(enc.encode(held.slice(0, at + 2).toUpperCase()));
        held = held.slice(at + 2);
      }
    },
    flush(controller) {
      if (held) controller.enqueue(enc.encode(`remnant:${held}`));
    },
  };
}

describe("relay", () => {
  it("hands the provider's bytes on untouched, chunk by chunk, and ends complete", async () => {
    const src = upstream(["data: 1\n\n", "data: 2\n\n"]);
    const r = run(src, null);
    expect(await readAll(r.body)).toEqual(["data: 1\n\n", "data: 2\n\n"]);
    expect(r.ends).toEqual(["complete"]);
    expect(r.aborts).toEqual([]);
  });

  it("runs the transformer: partial events wait for the rest, flush output comes last", async () => {
    const src = upstream(["data: a", "bc\n\nda", "ta: d\n\n", "tail"]);
    const r = run(src, eventsUpper());
    expect((await readAll(r.body)).join("")).toBe("DATA: ABC\n\nDATA: D\n\nremnant:tail");
    expect(r.ends).toEqual(["complete"]);
  });

  it("calls the transformer's start with a controller it can keep", async () => {
    let kept: TransformStreamDefaultController<Uint8Array> | undefined;
    const src = upstream(["x", "y"]);
    const r = run(src, {
      start: (c) => void (kept = c),
      transform: (chunk) => kept!.enqueue(enc.encode(`[${dec.decode(chunk)}]`)),
    });
    expect((await readAll(r.body)).join("")).toBe("[x][y]");
  });

  it("terminate(): what was enqueued is delivered, the stream ends, and the provider's stream is cancelled", async () => {
    const src = upstream(["one", "two", "three", "four"]);
    const r = run(src, {
      transform(chunk, c) {
        const text = dec.decode(chunk);
        c.enqueue(enc.encode(text));
        if (text === "two") {
          c.enqueue(enc.encode("|final"));
          c.terminate();
        }
      },
    });
    expect((await readAll(r.body)).join("")).toBe("onetwo|final");
    expect(r.ends).toEqual(["complete"]);
    await expect.poll(() => src.cancelled()).toBe(true);
    expect(src.delivered()).toBe(2);
  });

  it("a transformer error drops its pending output and ends with one error event; the provider is cancelled", async () => {
    const src = upstream(["good", "bad", "never"]);
    const r = run(src, {
      transform(chunk, c) {
        const text = dec.decode(chunk);
        c.enqueue(enc.encode(text));
        if (text === "bad") c.error(new Error("untranslatable"));
      },
    });
    expect(await readAll(r.body)).toEqual(["good", ERROR_EVENT]);
    expect(r.ends).toEqual(["upstream_error"]);
    await expect.poll(() => src.cancelled()).toBe(true);
  });

  it("a provider stream that fails midway ends with one error event after what arrived", async () => {
    const src = upstream(["data: 1\n\n"], "fail");
    const r = run(src, eventsUpper());
    expect(await readAll(r.body)).toEqual(["DATA: 1\n\n", ERROR_EVENT]);
    expect(r.ends).toEqual(["upstream_error"]);
  });

  it("a silent provider is aborted after the idle timeout and the client gets the error event", async () => {
    const src = upstream(["data: 1\n\n"], "hang");
    const r = run(src, null, 50);
    expect(await readAll(r.body)).toEqual(["data: 1\n\n", ERROR_EVENT]);
    expect(r.aborts).toEqual(["idle_timeout"]);
    expect(r.ends).toEqual(["idle_timeout"]);
  });

  it("the idle clock restarts with every chunk, even one that produces no output yet", async () => {
    // Four chunks 30 ms apart with a 50 ms idle limit: 120 ms in all, never 50 ms of silence.
    let i = 0;
    const parts = ["data: ", "slow", "ly\n\n", ""];
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(c) {
          await new Promise((r) => setTimeout(r, 30));
          if (i < parts.length - 1) c.enqueue(enc.encode(parts[i++]!));
          else c.close();
        },
      },
      { highWaterMark: 0 },
    );
    const src: Source = { stream, fail: () => {}, cancelled: () => false, delivered: () => i };
    const r = run(src, eventsUpper(), 50);
    expect((await readAll(r.body)).join("")).toBe("DATA: SLOWLY\n\n");
    expect(r.aborts).toEqual([]);
    expect(r.ends).toEqual(["complete"]);
  });

  it("a client that goes away aborts the provider request and ends client_abort", async () => {
    const src = upstream(["data: 1\n\n", "data: 2\n\n"], "hang");
    const r = run(src, null);
    const reader = r.body.getReader();
    expect(dec.decode((await reader.read()).value)).toBe("data: 1\n\n");
    await reader.cancel();
    expect(r.ends).toEqual(["client_abort"]);
    expect(r.aborts).toEqual(["client_abort"]);
  });
});
