import "server-only";
import { createByteSseParser, isRecord, parseJson, type SseMessage } from "../../stream/sse-events";
import type { StreamCallbacks } from "../types";
import { responseUsage } from "./usage";

/**
 * Observes a native Responses API stream on its way to the client: every chunk is
 * forwarded unchanged and at once; a parser alongside reads the first token (the first
 * `*.delta` event) and the usage of the terminal event (`response.completed`,
 * `response.incomplete` or `response.failed`, each carrying the whole Response).
 */
const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);

export function responsesStreamObserver(cb: StreamCallbacks): Transformer<Uint8Array, Uint8Array> {
  let sawFirstToken = false;
  let reported = false;

  const onEvent = (message: SseMessage) => {
    // OpenAI names each event; a provider that does not is read from the payload's type.
    let name = message.event ?? "";
    let event: unknown;
    if (name === "") {
      event = parseJson(message.data);
      name = isRecord(event) && typeof event.type === "string" ? event.type : "";
    }
    if (name.endsWith(".delta")) {
      // The bulk of a stream, and no usage in them: not parsed.
      if (!sawFirstToken) {
        sawFirstToken = true;
        cb.onFirstToken();
      }
      return;
    }
    if (!TERMINAL.has(name)) return;
    event ??= parseJson(message.data);
    const usage = isRecord(event) && isRecord(event.response) ? responseUsage(event.response) : null;
    if (usage) {
      reported = true;
      cb.onUsage(usage);
    }
  };

  const parser = createByteSseParser(onEvent, () => undefined);
  return {
    transform(chunk, controller) {
      controller.enqueue(chunk);
      if (!reported) parser.feed(chunk);
    },
    flush() {
      if (!reported) parser.end();
    },
  };
}
