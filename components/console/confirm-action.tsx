"use client";

import { startTransition, useActionState, useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { FormState } from "@/lib/console/form-state";
import { Button, type ButtonVariant } from "../ui/button";
import { SubmitButton } from "../ui/submit-button";
import { FormAlert } from "./form-alert";

export type ConfirmActionProps = {
  /** A server action bound to its workspace: (previous state, form data) => result. */
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  /** Hidden inputs the action expects, e.g. { membershipId }. */
  fields?: Record<string, string>;
  /** The first button ("Remove"). */
  label: string;
  /** Extra words for screen readers on the first button ("Remove" → "Remove ana@example.com"). */
  srLabel?: string;
  /** What happens, shown with the confirm button. */
  prompt: ReactNode;
  confirmLabel: string;
  /** More of the question inside the form, e.g. a checkbox that is submitted with it. */
  extra?: ReactNode;
  variant?: ButtonVariant;
  success?: ReactNode;
};

/**
 * A two-step button for actions that are hard to undo: the first click asks, the second
 * submits. No window.confirm, so it works with keyboards, screen readers and tests alike.
 *
 * The question opens with focus on Cancel, the safe choice: a second Enter (or a key held
 * down) answers "no", never "yes". Confirming takes a deliberate move to the confirm
 * button (Tab, then Enter or Space) or a click. Escape cancels; both ways of cancelling
 * put focus back on the button that asked.
 */
export function ConfirmAction({
  action,
  fields = {},
  label,
  srLabel,
  prompt,
  confirmLabel,
  extra,
  variant = "danger",
  success,
}: ConfirmActionProps) {
  // The last submit is kept so the step-up prompt can send it again once it's confirmed.
  const lastData = useRef<FormData | null>(null);
  const [state, formAction] = useActionState((prev: FormState, data: FormData) => {
    lastData.current = data;
    return action(prev, data);
  }, null);
  const retry = useCallback(() => {
    const data = lastData.current;
    if (data) startTransition(() => formAction(data));
  }, [formAction]);
  const [asking, setAsking] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    cancel();
  }

  function cancel() {
    setAsking(false);
    // Put focus back where it was before the question appeared.
    requestAnimationFrame(() => startRef.current?.focus());
  }

  return (
    <div className="space-y-2">
      {asking ? (
        <form action={formAction} onKeyDown={onKeyDown} className="space-y-2">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <p className="max-w-xs text-sm text-slate-700 dark:text-slate-300">{prompt}</p>
          {extra}
          <div className="flex flex-wrap gap-2">
            <Button ref={cancelRef} variant="secondary" size="sm" onClick={cancel}>
              Cancel
            </Button>
            <SubmitButton variant={variant} size="sm" loadingLabel="Working…">
              {confirmLabel}
            </SubmitButton>
          </div>
        </form>
      ) : (
        <Button ref={startRef} variant="secondary" size="sm" onClick={() => setAsking(true)}>
          {label}
          {srLabel ? <span className="sr-only"> {srLabel}</span> : null}
        </Button>
      )}
      <FormAlert state={state} success={success} retry={retry} />
    </div>
  );
}
