/**
 * The reply logic shared by both wire formats. Replies echo the last user text verbatim
 * so tests can plant a canary in a prompt and then prove it never reached storage,
 * even though it did travel back through the proxy.
 */

const FILLER = " lorem ipsum dolor sit amet consectetur adipiscing elit";

/** Text of an OpenAI or Anthropic `content` value: a string, or the text parts joined. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const parts: string[] = [];
  for (const part of content) {
    if (part && typeof part === "object" && (part as { type?: unknown }).type === "text") {
      const text = (part as { text?: unknown }).text;
      if (typeof text === "string") parts.push(text);
    }
  }
  return parts.join("\n");
}

type Message = { role?: unknown; content?: unknown };

function asMessages(messages: unknown): Message[] {
  return Array.isArray(messages) ? (messages.filter((m) => m && typeof m === "object") as Message[]) : [];
}

/**
 * The last user message that carries text. Skipping text-less ones (an Anthropic turn
 * holding only tool_result blocks) keeps both formats echoing the same words in tool loops.
 */
export function lastUserText(messages: unknown): string {
  const list = asMessages(messages);
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i]!;
    if (m.role !== "user") continue;
    const text = textOf(m.content);
    if (text) return text;
  }
  return "";
}

/** True when the conversation ends on a user turn with text (not a tool result). */
export function endsWithUserText(messages: unknown): boolean {
  const list = asMessages(messages);
  const last = list[list.length - 1];
  return !!last && last.role === "user" && textOf(last.content) !== "";
}

/** Deterministic token estimate (chars / 4, at least 1) over every text given. */
export function estimateTokens(texts: string[]): number {
  let chars = 0;
  for (const t of texts) chars += t.length;
  return Math.max(1, Math.ceil(chars / 4));
}

/** Every text of a message list, all roles: what the prompt-token estimate counts. */
export function allTexts(messages: unknown): string[] {
  return asMessages(messages).map((m) => textOf(m.content));
}

/**
 * "You said: <text>", padded with ASCII filler to exactly `completionBytes` when that is
 * set and larger. Never truncated: the echo must survive whole.
 */
export function replyText(userText: string, completionBytes?: number): string {
  const base = `You said: ${userText}`;
  if (!completionBytes) return base;
  const missing = completionBytes - Buffer.byteLength(base);
  if (missing <= 0) return base;
  return base + FILLER.repeat(Math.ceil(missing / FILLER.length)).slice(0, missing);
}

/**
 * One chunk per word (leading whitespace kept, as real tokenizers do), or `pieces` equal
 * slices in bench mode. Joining the chunks gives back the text exactly.
 */
export function splitChunks(text: string, pieces?: number): string[] {
  if (pieces && pieces > 0) {
    const chars = Array.from(text); // code points: never split a surrogate pair
    const n = Math.max(1, Math.min(pieces, chars.length));
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      out.push(chars.slice(Math.floor((i * chars.length) / n), Math.floor(((i + 1) * chars.length) / n)).join(""));
    }
    return out;
  }
  const words = text.split(/(?<=\S)(?=\s)/);
  return words.length ? words : [""];
}

/** Tool arguments arrive in 2-3 pieces, like real providers stream them. */
export function splitArguments(json: string): string[] {
  if (json.length < 6) return [json.slice(0, 1), json.slice(1)];
  const a = Math.floor(json.length / 3);
  return [json.slice(0, a), json.slice(a, 2 * a), json.slice(2 * a)];
}

export function toolArguments(userText: string): string {
  return JSON.stringify({ echo: userText });
}

let seq = 0;
const prefix = Math.random().toString(36).slice(2, 8);
/** Unique, cheap ids (a counter, not crypto): they only need to look like the real ones. */
export function mockId(kind: string): string {
  return `${kind}${prefix}${(++seq).toString(36).padStart(6, "0")}`;
}
