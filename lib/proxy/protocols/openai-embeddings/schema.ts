import "server-only";
import { z } from "zod";
import type { BodySpec } from "../../sanitize/inspect-body";

/**
 * The Embeddings body. `input` is the content (text, or token ids); the rest are
 * passthrough parameters, inspected for credentials like any other.
 */
const MAX_INPUTS = 2048;

const input = z.union(
  [
    z.string(),
    z.array(z.string()).min(1, "input must not be empty").max(MAX_INPUTS),
    z.array(z.number().int().nonnegative()).min(1, "input must not be empty"),
    z.array(z.array(z.number().int().nonnegative()).min(1)).min(1, "input must not be empty").max(MAX_INPUTS),
  ],
  "input must be a string, an array of strings, or token ids",
);

export const embeddingsSchema = z.looseObject({
  model: z.string(),
  input,
  encoding_format: z.enum(["float", "base64"]).optional(),
  dimensions: z.number().int().positive().max(65_536).optional(),
  user: z.string().max(256).optional(),
});

/** Mistral's output options for its embedding models. */
const OPENAI_COMPATIBLE_EXTRAS = new Set(["output_dimension", "output_dtype"]);

export const embeddingsSpec: BodySpec = {
  schema: embeddingsSchema,
  known: new Set(Object.keys(embeddingsSchema.shape)),
  extras: { protocol: "openai", names: OPENAI_COMPATIBLE_EXTRAS },
  content: new Set(["input"]),
};
