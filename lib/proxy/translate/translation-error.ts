/**
 * A client request that cannot be expressed for the chosen provider. The proxy answers
 * it with a 400 `invalid_request_error` whose `param` is this path.
 *
 * Messages name field paths only, never field values: request content must not end up
 * in error responses or logs (zero data retention).
 */
export class TranslationError extends Error {
  readonly param: string | null;

  constructor(message: string, param: string | null = null) {
    super(message);
    this.name = "TranslationError";
    this.param = param;
  }
}
