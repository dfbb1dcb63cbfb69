/**
 * Deterministic embeddings for the built-in mock provider and the test upstream: the
 * same input always gives the same unit vector, so clients can compare results, and
 * `encoding_format: "base64"` (the openai SDK's default) is honoured the way OpenAI
 * does it: little-endian float32s, base64-encoded. Web APIs only.
 */
import "server-only";

const DEFAULT_DIMENSIONS = 8;

function vectorOf(text: string, dimensions: number): number[] {
  const out: number[] = [];
  // FNV-1a over the text, re-seeded per dimension: cheap, stable and spread out.
  for (let d = 0; d < dimensions; d++) {
    let h = 0x811c9dc5 ^ d;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    out.push(((h >>> 0) / 0xffffffff) * 2 - 1);
  }
  const norm = Math.hypot(...out) || 1;
  return out.map((v) => v / norm);
}

function base64Of(vector: number[]): string {
  const bytes = new Uint8Array(new Float32Array(vector).buffer);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The inputs of an embeddings request, each as text (token ids are joined). */
export function embeddingInputs(input: unknown): string[] {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((v) => typeof v === "number")) return [input.join(" ")];
  return input.map((v) => (typeof v === "string" ? v : Array.isArray(v) ? v.join(" ") : ""));
}

export function mockEmbeddings(body: Record<string, unknown>) {
  const inputs = embeddingInputs(body.input);
  const dimensions = typeof body.dimensions === "number" && body.dimensions > 0 ? Math.min(body.dimensions, 4096) : DEFAULT_DIMENSIONS;
  const base64 = body.encoding_format === "base64";
  const promptTokens = inputs.reduce((n, t) => n + Math.max(1, Math.ceil(t.length / 4)), 0);
  return {
    object: "list",
    data: inputs.map((text, index) => {
      const v = vectorOf(text, dimensions);
      return { object: "embedding", index, embedding: base64 ? base64Of(v) : v };
    }),
    model: String(body.model ?? "echo"),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}
