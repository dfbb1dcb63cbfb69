import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { env } from "../env";
import defaults from "./prices.json";

/**
 * Model prices in USD per million tokens, keyed `provider/model` as the proxy records
 * the model (`openai/gpt-4o-mini`), or `provider/*` for every model of a provider.
 * The operator's file (AURIKO_PRICES_FILE) is merged over the shipped table. Cost is
 * derived at query time from token sums, so a price change applies to past usage too
 * and nothing about cost is stored.
 */
const priceSchema = z.record(
  z.string().min(3).max(200),
  z.strictObject({ input: z.number().min(0).max(100_000), output: z.number().min(0).max(100_000) }),
);
export type PriceTable = z.infer<typeof priceSchema>;
export type Price = PriceTable[string];

let cached: { file: string | undefined; table: PriceTable } | undefined;

export function loadPriceTable(): PriceTable {
  const file = env().AURIKO_PRICES_FILE;
  if (cached && cached.file === file) return cached.table;
  const table: PriceTable = { ...priceSchema.parse(defaults) };
  if (file) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new Error(`AURIKO_PRICES_FILE (${file}) could not be read as JSON: ${(err as Error).message}`);
    }
    const parsed = priceSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`AURIKO_PRICES_FILE (${file}): ${issue.path.join(".")}: ${issue.message}`);
    }
    Object.assign(table, parsed.data);
  }
  cached = { file, table };
  return table;
}

export function priceOf(model: string, table: PriceTable = loadPriceTable()): Price | undefined {
  const exact = table[model];
  if (exact) return exact;
  const slash = model.indexOf("/");
  return slash > 0 ? table[`${model.slice(0, slash)}/*`] : undefined;
}

/** Estimated cost in USD, or null when the model has no price. */
export function costUsd(model: string, promptTokens: number, completionTokens: number, table?: PriceTable): number | null {
  const p = priceOf(model, table);
  if (!p) return null;
  return (promptTokens * p.input + completionTokens * p.output) / 1_000_000;
}
