"use client";

import { startTransition, useActionState, useCallback, useEffect, useRef, type FormEvent } from "react";
import type { FormState } from "@/lib/console/form-state";

type Action<T> = (state: FormState<T>, formData: FormData) => Promise<FormState<T>>;

/**
 * useActionState for forms holding secrets: React resets a form after every action,
 * which would make someone re-paste a key after a mistyped password. Here the fields
 * stay as typed when the server refuses (focus moves to the field it named), and the
 * whole form is cleared only after a success. The typed values stay in the browser:
 * nothing is echoed back from the server. Before hydration the form still posts to
 * the server action (never a GET that would put a key in the URL).
 *
 * The last submitted FormData is kept (in memory, in this component) so `retry` can send
 * it again once the step-up prompt has confirmed it's you: pass it to <FormAlert retry>.
 */
export function useStickyForm<T>(action: Action<T>, { resetOnSuccess = true }: { resetOnSuccess?: boolean } = {}) {
  const lastData = useRef<FormData | null>(null);
  const [state, formAction, pending] = useActionState<FormState<T>, FormData>((prev, data) => {
    lastData.current = data;
    return action(prev, data);
  }, null);
  const formRef = useRef<HTMLFormElement>(null);
  const retry = useCallback(() => {
    const data = lastData.current;
    if (data) startTransition(() => formAction(data));
  }, [formAction]);

  useEffect(() => {
    const form = formRef.current;
    if (!form || !state) return;
    if (state.ok) {
      lastData.current = null;
      if (resetOnSuccess) form.reset();
      return;
    }
    const field = state.error.field ? form.elements.namedItem(state.error.field) : null;
    if (field instanceof HTMLElement) field.focus();
  }, [state, resetOnSuccess]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(data));
  }

  return { state, pending, formRef, retry, formProps: { ref: formRef, action: formAction, onSubmit, noValidate: true } } as const;
}
