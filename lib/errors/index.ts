import "server-only";
import type { z } from "zod";

/**
 * Typed errors with stable codes. The console shows `message` (written for users,
 * never internals) and keys behaviour off `code`.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: 401,
  REAUTH_REQUIRED: 401,
  FORBIDDEN: 403,
  MFA_REQUIRED: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  NAME_TOO_LONG: 400,
  CONFLICT: 409,
  LAST_OWNER: 409,
  RATE_LIMITED: 429,
  INVITATION_INVALID: 410,
  RESET_TOKEN_INVALID: 410,
  RESET_TOKEN_EXPIRED: 410,
  RESET_TOKEN_USED: 410,
  RESET_TOKEN_SUPERSEDED: 410,
  WEAK_PASSWORD: 400,
  WRONG_PASSWORD: 400,
  EMAIL_UNVERIFIED: 403,
  VERIFY_TOKEN_INVALID: 410,
  VERIFY_TOKEN_EXPIRED: 410,
  VERIFY_TOKEN_USED: 410,
  VERIFY_TOKEN_SUPERSEDED: 410,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** How a person may confirm it is them when REAUTH_REQUIRED asks (the step-up prompt offers these). */
export type ReauthMethod = "password" | "totp";
/** Hints for the UI that are not a message: safe to send to the browser. */
export type ErrorDetails = { methods?: ReauthMethod[] };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  readonly details?: ErrorDetails;

  constructor(code: ErrorCode, message: string, opts: { field?: string; retryAfterSeconds?: number; details?: ErrorDetails } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_CODES[code];
    this.field = opts.field;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.details = opts.details;
  }
}

export type ActionError = { code: ErrorCode; message: string; field?: string; retryAfterSeconds?: number; details?: ErrorDetails };
export type ActionResult<T = undefined> = { ok: true; data: T } | { ok: false; error: ActionError };

/** Turns anything thrown into a result the UI can show without leaking internals. */
export function toActionError(err: unknown): ActionError {
  if (err instanceof AppError) {
    const out: ActionError = { code: err.code, message: err.message, field: err.field, retryAfterSeconds: err.retryAfterSeconds };
    if (err.details) out.details = err.details;
    return out;
  }
  if (typeof err === "object" && err && "code" in err && err.code === "P2002") {
    return { code: "CONFLICT", message: "That already exists." };
  }
  throw err;
}

export const notFound = (what = "Not found") => new AppError("NOT_FOUND", what);
export const forbidden = (message = "You do not have permission to do that.") => new AppError("FORBIDDEN", message);

/** Validates an action's input with its schema; the first problem becomes a VALIDATION error naming the field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || undefined;
    const message = issue.code === "unrecognized_keys" ? "The request had fields this action does not accept." : issue.message;
    throw new AppError("VALIDATION", message, { field });
  }
  return parsed.data;
}
