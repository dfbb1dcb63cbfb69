import { describe, expect, it } from "vitest";
import { AbortFlag, toAbortSignal } from "./abort";
import { upstreamSignal } from "./http";

describe("AbortFlag", () => {
  it("calls every listener once, with the reason set, and never again", () => {
    const flag = new AbortFlag();
    const seen: unknown[] = [];
    flag.addEventListener("abort", () => seen.push(["a", flag.aborted, flag.reason]));
    flag.addEventListener("abort", () => seen.push(["b", flag.aborted, flag.reason]));
    flag.abort("gone");
    flag.abort("again");
    expect(seen).toEqual([["a", true, "gone"], ["b", true, "gone"]]);
    expect(flag.reason).toBe("gone");
  });

  it("does not call a listener that was removed, whichever slot it held", () => {
    const flag = new AbortFlag();
    const calls: string[] = [];
    const a = () => calls.push("a");
    const b = () => calls.push("b");
    const c = () => calls.push("c");
    flag.addEventListener("abort", a);
    flag.addEventListener("abort", b);
    flag.addEventListener("abort", c);
    flag.removeEventListener("abort", a);
    flag.removeEventListener("abort", c);
    flag.abort();
    expect(calls).toEqual(["b"]);
  });

  it("gives an AbortError as the reason when none is given, as AbortController does", () => {
    const flag = new AbortFlag();
    flag.abort();
    expect((flag.reason as DOMException).name).toBe("AbortError");
  });

  it("becomes a real AbortSignal for fetch, already aborted or later", () => {
    const later = new AbortFlag();
    const signal = toAbortSignal(later);
    expect(signal.aborted).toBe(false);
    later.abort("client left");
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe("client left");

    const before = new AbortFlag();
    before.abort("timeout");
    expect(toAbortSignal(before).reason).toBe("timeout");
  });
});

describe("upstreamSignal", () => {
  it("aborts the provider call when the client leaves, and stops listening once done", () => {
    const client = new AbortFlag();
    const call = upstreamSignal(client, 60_000);
    client.abort("client left");
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBe("client left");
    call.done();

    const other = new AbortFlag();
    const finished = upstreamSignal(other, 60_000);
    finished.done();
    other.abort("late");
    expect(finished.signal.aborted).toBe(false);
  });

  it("times out with a TimeoutError when the provider sends no headers in time", async () => {
    const call = upstreamSignal(new AbortFlag(), 5);
    await new Promise((r) => setTimeout(r, 30));
    expect(call.timedOut()).toBe(true);
    expect((call.signal.reason as DOMException).name).toBe("TimeoutError");
    call.done();
  });
});
