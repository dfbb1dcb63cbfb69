/**
 * Test-only helpers for feeding byte streams through the translators in awkward
 * chunkings. Web APIs only, like the code under test.
 */

export function concatBytes(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}

/** Deterministic pseudo-random split (mulberry32), chunks of 1..maxLength bytes. */
export function splitRandom(bytes: Uint8Array, seed: number, maxLength = 64): Uint8Array[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const length = 1 + Math.floor(next() * maxLength);
    out.push(bytes.slice(i, i + length));
    i += length;
  }
  return out;
}

/** The chunkings every stream test runs: whole, byte by byte, fixed and random splits. */
export function chunkings(bytes: Uint8Array): Array<[string, Uint8Array[]]> {
  return [
    ["one chunk", [bytes.slice()]],
    ["1 byte at a time", splitEvery(bytes, 1)],
    ["3-byte chunks", splitEvery(bytes, 3)],
    ["random splits (seed 1)", splitRandom(bytes, 1)],
    ["random splits (seed 42)", splitRandom(bytes, 42, 17)],
    ["random splits (seed 2024)", splitRandom(bytes, 2024, 300)],
  ];
}

export async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

export function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

export async function runThrough(
  transform: TransformStream<Uint8Array, Uint8Array>,
  chunks: Uint8Array[],
): Promise<Uint8Array[]> {
  return collect(streamOf(chunks).pipeThrough(transform));
}

/**
 * Parses our own SSE output strictly: every event must be exactly `data: <x>\n\n`.
 * Returns the JSON of each event, or the string "[DONE]".
 */
export function parseOutputEvents(bytes: Uint8Array): unknown[] {
  const text = new TextDecoder().decode(bytes);
  if (text === "") return [];
  if (!text.endsWith("\n\n")) throw new Error("output does not end with a blank line");
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((event) => {
      if (!event.startsWith("data: ") || event.includes("\n")) throw new Error(`malformed event: ${event}`);
      const data = event.slice(6);
      return data === "[DONE]" ? data : JSON.parse(data);
    });
}
