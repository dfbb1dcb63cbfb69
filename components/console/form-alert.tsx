import type { ReactNode } from "react";
import type { FormState } from "@/lib/console/form-state";
import { formError } from "@/lib/console/form-state";
import { Alert } from "../ui/alert";

export type FormAlertProps = {
  state: FormState<unknown> | undefined;
  /** The form's own field names: errors on those are shown under the field instead. */
  fields?: readonly string[];
  /** Shown after a successful submit. */
  success?: ReactNode;
  className?: string;
};

/** The result of a form's last submit: an error not tied to a field, or a success note. */
export function FormAlert({ state, fields = [], success, className }: FormAlertProps) {
  const error = formError(state, fields);
  if (error) {
    return (
      <Alert variant="error" className={className}>
        {error}
      </Alert>
    );
  }
  if (state?.ok && success) {
    return (
      <Alert variant="success" className={className}>
        {success}
      </Alert>
    );
  }
  return null;
}
