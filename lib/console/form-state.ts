import type { ActionResult } from "../errors";

/** What a console form's server action hands back to useActionState: nothing yet, or a result. */
export type FormState<T = unknown> = ActionResult<T> | null;

/** The error message for `field`, when the last result failed on that field. */
export function fieldError(state: FormState<unknown> | undefined, field: string): string | undefined {
  return state && !state.ok && state.error.field === field ? state.error.message : undefined;
}

/** The error message to show above the form: any failure not tied to one of the form's own fields. */
export function formError(state: FormState<unknown> | undefined, fields: readonly string[] = []): string | undefined {
  if (!state || state.ok) return undefined;
  return state.error.field && fields.includes(state.error.field) ? undefined : state.error.message;
}

/** A text field from FormData ("" when absent or a file), so actions build plain objects. */
export function formString(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === "string" ? value : "";
}
