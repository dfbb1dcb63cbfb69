import type { ReactNode } from "react";
import type { FormState } from "@/lib/console/form-state";
import { formError } from "@/lib/console/form-state";
import { Alert } from "../ui/alert";
import { StepUpPrompt, stepUpKey } from "./step-up-dialog";

export type FormAlertProps = {
  state: FormState<unknown> | undefined;
  /** The form's own field names: errors on those are shown under the field instead. */
  fields?: readonly string[];
  /** Shown after a successful submit. */
  success?: ReactNode;
  className?: string;
  /**
   * Sends the last submit again. With it, a REAUTH_REQUIRED result opens the step-up
   * prompt ("Confirm it's you") and, once confirmed, the action is repeated.
   */
  retry?: () => void;
};

/** The result of a form's last submit: an error not tied to a field, or a success note. */
export function FormAlert({ state, fields = [], success, className, retry }: FormAlertProps) {
  if (retry && state && !state.ok && state.error.code === "REAUTH_REQUIRED" && !(state.error.field && fields.includes(state.error.field))) {
    return <StepUpPrompt key={stepUpKey(state.error)} error={state.error} retry={retry} className={className} />;
  }
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
