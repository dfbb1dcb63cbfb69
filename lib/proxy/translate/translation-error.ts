/**
 * A client request that cannot be expressed for the chosen provider. The proxy answers
 * it with a 400 `invalid_request_error` whose `param` is this path.
 *
 * Messages name field paths only, never field values: request content must not end up
 * in error responses or logs (zero data retention).
 */
import "server-only";
import { errors } from "../errors";

export class TranslationError extends Error {
  readonly param: string | null;

  constructor(message: string, param: string | null = null) {
    super(message);
    this.name = "TranslationError";
    this.param = param;
  }
}

/** Runs a request translation; a TranslationError becomes the client's 400 `unsupported_for_provider`. */
export function translating<T>(translate: () => T): T {
  try {
    return translate();
  } catch (e) {
    if (e instanceof TranslationError) throw errors.badRequest(e.message, e.param ?? null, "unsupported_for_provider");
    throw e;
  }
}
