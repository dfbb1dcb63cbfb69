"use client";

import { startTransition, useActionState, useEffect, useEffectEvent, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import { fieldError, formError } from "@/lib/console/form-state";
import type { ActionError, ReauthMethod } from "@/lib/errors";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { FormField } from "../ui/form-field";
import { useConfirmIdentityAction } from "./step-up-context";

export type StepUpDialogProps = {
  /** What the server said it accepts: the password, and a TOTP code when MFA is on. */
  methods?: readonly ReauthMethod[];
  /** The session is now elevated: close, then repeat the refused action. */
  onConfirmed: () => void;
  onCancel: () => void;
};

/**
 * "Confirm it's you": the re-authentication a sensitive action asks for. A native modal
 * <dialog> (focus moves in, Escape cancels, focus goes back where it was), rendered into
 * <body> so its own <form> never sits inside the page's form; its submit is stopped
 * from bubbling through React to that outer form.
 */
export function StepUpDialog({ methods = ["password"], onConfirmed, onCancel }: StepUpDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<Element | null>(null);
  const titleId = useId();
  const descId = useId();
  const canUseCode = methods.includes("totp");
  const [method, setMethod] = useState<ReauthMethod>("password");
  const [state, formAction, pending] = useActionState(useConfirmIdentityAction(), null);
  const confirmed = useEffectEvent(() => onConfirmed());

  useEffect(() => {
    const dialog = dialogRef.current;
    returnTo.current = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      // Back to where focus was; a submit button that was disabled while its action ran
      // had lost focus already, and the prompt then puts it on its own button (below).
      const back = returnTo.current;
      if (back instanceof HTMLElement && back !== document.body && back.isConnected) back.focus();
    };
  }, []);

  useEffect(() => {
    if (state?.ok) confirmed();
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The dialog is portalled, but React events still bubble to the page's form.
    event.stopPropagation();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    // Escape belongs to this dialog only: a surrounding two-step question must not see it.
    if (event.key === "Escape") event.stopPropagation();
  }

  const passwordError = fieldError(state, "password");
  const codeError = fieldError(state, "code");
  const other = formError(state, ["password", "code"]);

  const dialog = (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={descId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={onKeyDown}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4 p-5 sm:p-6">
        <div className="space-y-1">
          <h2 id={titleId} className="text-lg font-semibold">
            Confirm it&apos;s you
          </h2>
          <p id={descId} className="text-sm text-slate-600 dark:text-slate-400">
            {method === "totp"
              ? "Enter the 6-digit code from your authenticator app to make this change."
              : "Enter your password to make this change."}{" "}
            You won&apos;t be asked again for 5 minutes.
          </p>
        </div>
        <input type="hidden" name="method" value={method} />
        {other ? <Alert variant="error">{other}</Alert> : null}
        {method === "password" ? (
          <FormField
            key="password"
            label="Password"
            name="password"
            id={`${titleId}-password`}
            type="password"
            autoComplete="current-password"
            autoFocus
            error={passwordError}
          />
        ) : (
          <FormField
            key="code"
            label="Authenticator code"
            name="code"
            id={`${titleId}-code`}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            autoFocus
            hint="6 digits, from the app you set up for two-factor authentication."
            error={codeError}
          />
        )}
        {canUseCode ? (
          <button
            type="button"
            className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:text-brand-300"
            onClick={() => setMethod(method === "password" ? "totp" : "password")}
          >
            {method === "password" ? "Use an authenticator code instead" : "Use your password instead"}
          </button>
        ) : null}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} loadingLabel="Checking…">
            Confirm
          </Button>
        </div>
      </form>
    </dialog>
  );
  return typeof document === "undefined" ? null : createPortal(dialog, document.body);
}

export type StepUpPromptProps = {
  /** The REAUTH_REQUIRED error the action came back with. */
  error: ActionError;
  /** Sends the refused action again (with the same form data). */
  retry: () => void;
  className?: string;
};

/**
 * What a form shows when its action needs step-up: the dialog at once, and, if it is
 * cancelled, the error with a button that opens it again. Render it with
 * `key={stepUpKey(error)}` so that each new refusal opens the dialog again.
 */
export function StepUpPrompt({ error, retry, className }: StepUpPromptProps) {
  const [open, setOpen] = useState(true);
  const reopenRef = useRef<HTMLButtonElement>(null);

  return (
    <>
      {!open ? (
        <Alert
          variant="error"
          className={className}
          actions={
            <Button ref={reopenRef} size="sm" variant="secondary" onClick={() => setOpen(true)}>
              Confirm it&apos;s you
            </Button>
          }
        >
          {error.message}
        </Alert>
      ) : null}
      {open ? (
        <StepUpDialog
          methods={error.details?.methods}
          onCancel={() => {
            setOpen(false);
            requestAnimationFrame(() => {
              const active = document.activeElement;
              if (!active || active === document.body) reopenRef.current?.focus();
            });
          }}
          onConfirmed={() => {
            setOpen(false);
            retry();
          }}
        />
      ) : null}
    </>
  );
}

const keys = new WeakMap<object, number>();
let nextKey = 0;
/** A key per refusal (each action result is a new object), so a new refusal remounts the prompt. */
export function stepUpKey(error: ActionError): number {
  let key = keys.get(error);
  if (key === undefined) keys.set(error, (key = ++nextKey));
  return key;
}
