import { setTimeout as sleep } from "node:timers/promises";

/** Polls until `cond` holds: server-side effects (abort counting) land asynchronously. */
export async function until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(10);
  }
}

/** Drains an async iterable, stamping each item with its arrival time. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<Array<{ item: T; at: number }>> {
  const out: Array<{ item: T; at: number }> = [];
  for await (const item of stream) out.push({ item, at: performance.now() });
  return out;
}

/** Awaits a promise expected to reject and returns the error for assertions. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

/** Asserts paced delivery: spread over time, and the first item well before the last. */
export function spreadMs(times: number[]): number {
  return times.length < 2 ? 0 : times[times.length - 1]! - times[0]!;
}
