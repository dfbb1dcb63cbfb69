import "server-only";
import { createParser } from "eventsource-parser";

const LF = 0x0a;
const CR = 0x0d;

/** Upper bound for one buffered SSE event; a provider never needs more. */
export const MAX_EVENT_CHARS = 8 * 1024 * 1024;

const encoder = new TextEncoder();

export function sseData(payload: unknown): Uint8Array {
  return encoder.encode(`data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`);
}

/**
 * Finds where SSE events end in a byte stream split at arbitrary points, without
 * decoding it. An event ends at the terminator of an empty line; CR, LF and CRLF all
 * terminate lines (a CRLF split across chunks counts once).
 */
export class SseBoundaryScanner {
  private lineLength = 0;
  private skipLF = false;

  /** Offsets just past each event end within `chunk`, in order. */
  scan(chunk: Uint8Array): number[] {
    const ends: number[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.skipLF) {
        this.skipLF = false;
        if (b === LF) continue;
      }
      if (b === LF || b === CR) {
        this.skipLF = b === CR;
        if (this.lineLength === 0) ends.push(i + 1);
        this.lineLength = 0;
      } else {
        this.lineLength++;
      }
    }
    return ends;
  }
}

/**
 * The data of one complete event (its `data` fields joined by "\n"), or null when it
 * has none (comments, blank keep-alives). Events end at an ASCII line break, so their
 * bytes never split a UTF-8 sequence.
 */
export function eventDataOf(bytes: Uint8Array): string | null {
  const text = new TextDecoder().decode(bytes);
  let data: string | null = null;
  for (const line of text.split(/\r\n|\r|\n/)) {
    let value: string;
    if (line === "data") value = "";
    else if (line.startsWith("data:")) value = line.slice(line[5] === " " ? 6 : 5);
    else continue;
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}

export type SseMessage = { event?: string; data: string };

/**
 * A byte-fed SSE parser: decodes UTF-8 across chunk boundaries and calls `onEvent`
 * synchronously from `feed`, so callers can react to each event as soon as it is
 * complete. `onOverflow` fires once if an event grows past MAX_EVENT_CHARS; the
 * parser then ignores further input.
 */
export function createByteSseParser(onEvent: (message: SseMessage) => void, onOverflow: () => void) {
  const decoder = new TextDecoder();
  let broken = false;
  const parser = createParser({
    onEvent,
    maxBufferSize: MAX_EVENT_CHARS,
    onError(error) {
      if (error.type === "max-buffer-size-exceeded" && !broken) {
        broken = true;
        onOverflow();
      }
    },
  });
  const feedText = (text: string) => {
    if (broken || text === "") return;
    parser.feed(text);
  };
  return {
    feed: (chunk: Uint8Array) => feedText(decoder.decode(chunk, { stream: true })),
    /**
     * Flushes a trailing partial UTF-8 sequence and dispatches a final event that
     * lacks its blank line (the spec drops it; usage often sits in exactly that event).
     */
    end: () => {
      feedText(decoder.decode());
      feedText("\n\n");
    },
  };
}

export function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
