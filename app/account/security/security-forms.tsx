"use client";

import { createContext, use, useActionState, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { Alert, Button, FormField, Input, SubmitButton } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";
import { groupSetupKey, recoveryCodesFile } from "@/lib/console/mfa-view";
import type { EnrolmentSetup, RecoveryCodes } from "./actions";

type Action<T> = (state: FormState<T>, formData: FormData) => Promise<FormState<T>>;

const FIELDS = ["password", "code"];

/** A heading that takes focus when it appears, so keyboard and screen reader users follow each step. */
function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h3 ref={ref} tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none dark:text-white">
      {children}
    </h3>
  );
}

function PasswordField({ id, error, hint, autoFocus }: { id: string; error?: string; hint?: ReactNode; autoFocus?: boolean }) {
  // `required` on the control only, so the label reads just "Password".
  return (
    <FormField label="Password" id={id} name="password" hint={hint} error={error}>
      {(p) => <Input {...p} type="password" autoComplete="current-password" required autoFocus={autoFocus} />}
    </FormField>
  );
}

/* ------------------------------------------------------------------ enrolment */

/** Set by the enrolment flow while it shows the new recovery codes (see MfaSections). */
const HoldSetup = createContext<(hold: boolean) => void>(() => {});

/**
 * The page's lower half: the setup flow while MFA is off, recovery codes and "turn off"
 * once it is on. Turning MFA on revalidates the account pages (so no cached page says
 * "Off" afterwards), which re-renders this page as "on" at once: the flow asks to stay on
 * screen until its new recovery codes have been saved and "Done" is pressed.
 */
export function MfaSections({ enabled, setup, manage }: { enabled: boolean; setup: ReactNode; manage: ReactNode }) {
  const [holding, setHolding] = useState(false);
  return <HoldSetup value={setHolding}>{!enabled || holding ? setup : manage}</HoldSetup>;
}

export function EnableMfa({ startAction, confirmAction, account }: { startAction: Action<EnrolmentSetup>; confirmAction: Action<RecoveryCodes>; account: string }) {
  // "Start over" remounts the flow, which forgets the secret and the QR code.
  const [attempt, setAttempt] = useState(0);
  return (
    <EnableFlow
      key={attempt}
      startAction={startAction}
      confirmAction={confirmAction}
      account={account}
      restarted={attempt > 0}
      onRestart={() => setAttempt((n) => n + 1)}
    />
  );
}

function EnableFlow({
  startAction,
  confirmAction,
  account,
  restarted,
  onRestart,
}: {
  startAction: Action<EnrolmentSetup>;
  confirmAction: Action<RecoveryCodes>;
  account: string;
  restarted: boolean;
  onRestart: () => void;
}) {
  const [state, formAction] = useActionState(startAction, null);
  const setup = state?.ok ? state.data : null;
  if (setup) return <ScanStep setup={setup} confirmAction={confirmAction} account={account} onRestart={onRestart} />;

  return (
    <form action={formAction} className="max-w-md space-y-4" noValidate>
      <FormAlert state={state} fields={FIELDS} />
      <PasswordField
        id="setup-password"
        autoFocus={restarted}
        error={fieldError(state, "password")}
        hint="Enter your password to confirm it's you. Next you'll scan a QR code with your authenticator app."
      />
      <SubmitButton loadingLabel="Setting up…">Set up</SubmitButton>
    </form>
  );
}

function ScanStep({
  setup,
  confirmAction,
  account,
  onRestart,
}: {
  setup: EnrolmentSetup;
  confirmAction: Action<RecoveryCodes>;
  account: string;
  onRestart: () => void;
}) {
  const [state, formAction] = useActionState(confirmAction, null);
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const hold = use(HoldSetup);

  // Held from the submit (before the page re-renders as "on"); let go when the code was refused.
  useEffect(() => {
    if (state && !state.ok) hold(false);
  }, [state, hold]);

  if (state?.ok) {
    return (
      <RecoveryCodesPanel
        codes={state.data.recoveryCodes}
        account={account}
        title="Two-factor authentication is on"
        intro="From now on, signing in asks for a code from your authenticator app after your password."
      />
    );
  }

  async function copyKey() {
    try {
      await navigator.clipboard.writeText(setup.secret);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className="space-y-6">
      <StepHeading>Scan the QR code</StepHeading>
      <ol className="space-y-6 text-sm text-slate-700 dark:text-slate-300">
        <li className="space-y-3">
          <p>
            <span className="font-semibold text-slate-900 dark:text-white">1. </span>
            Open your authenticator app, add an account, and scan this QR code.
          </p>
          {/* A data: URL rendered on our server: next/image has nothing to optimise. White padding keeps the quiet zone scannable in dark mode. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={setup.qr}
            alt="QR code for your authenticator app"
            width={200}
            height={200}
            className="size-[200px] rounded-md border border-slate-200 bg-white p-2 dark:border-slate-700"
          />
        </li>
        <li className="space-y-2">
          <p>
            <span className="font-semibold text-slate-900 dark:text-white">2. </span>
            Can&apos;t scan it? Type this setup key into the app instead (time-based, 6 digits).
          </p>
          <div className="space-y-1.5">
            <p className="text-sm font-medium text-slate-900 dark:text-slate-100">
              Setup key
            </p>
            <div className="flex flex-wrap items-center gap-2">
              <code
                id="setup-key"
                className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm tracking-wide break-all text-slate-900 select-all dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100"
              >
                {groupSetupKey(setup.secret)}
              </code>
              <Button variant="secondary" size="sm" onClick={copyKey}>
                {copied === "copied" ? "Copied" : "Copy"}
                <span className="sr-only"> setup key</span>
              </Button>
            </div>
            <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
              {copied === "copied"
                ? "Setup key copied to the clipboard."
                : copied === "failed"
                  ? "Couldn't copy automatically: select the key and copy it yourself."
                  : ""}
            </p>
          </div>
        </li>
        <li className="space-y-3">
          <p>
            <span className="font-semibold text-slate-900 dark:text-white">3. </span>
            Enter the 6-digit code the app shows for Auriko.
          </p>
          <form action={formAction} onSubmit={() => hold(true)} className="max-w-xs space-y-4" noValidate>
            <FormAlert state={state} fields={FIELDS} />
            <FormField label="Authentication code" name="code" error={fieldError(state, "code")} hint="Code from your app. It changes every 30 seconds.">
              {(p) => (
                <Input
                  {...p}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9 ]*"
                  maxLength={7}
                  spellCheck={false}
                  required
                  className="font-mono tracking-widest"
                />
              )}
            </FormField>
            <div className="flex flex-wrap gap-2">
              <SubmitButton loadingLabel="Turning on…">Turn on</SubmitButton>
              <Button variant="ghost" onClick={onRestart}>
                Start over
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}

/* ------------------------------------------------------------- recovery codes */

function RecoveryCodesPanel({ codes, account, title, intro }: { codes: string[]; account: string; title: string; intro: ReactNode }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const listRef = useRef<HTMLOListElement>(null);

  async function copyAll() {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      setCopied("copied");
    } catch {
      // Clipboard refused: select the codes so Ctrl+C / Cmd+C works.
      const list = listRef.current;
      if (list) window.getSelection()?.selectAllChildren(list);
      setCopied("failed");
    }
  }

  function download() {
    const blob = new Blob([recoveryCodesFile(codes, account)], { type: "text/plain;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = "auriko-recovery-codes.txt";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <div className="space-y-4">
      <StepHeading>{title}</StepHeading>
      <p className="text-sm text-slate-700 dark:text-slate-300">{intro}</p>
      <Alert variant="warning" role="none" title="Save your recovery codes now">
        If you lose your phone, each code signs you in once instead of a code from the app. Keep them somewhere safe, such as a
        password manager. They won&apos;t be shown again.
      </Alert>
      {/* Each code on one line (never broken at its hyphens): as many columns as fit a whole code. */}
      <ol
        ref={listRef}
        aria-label="Recovery codes"
        className="grid grid-cols-[repeat(auto-fill,minmax(min(31ch,100%),1fr))] gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-slate-50 p-4 font-mono text-xs text-slate-900 sm:text-sm dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
      >
        {codes.map((code) => (
          <li key={code} className="whitespace-nowrap tabular-nums">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={copyAll}>
          {copied === "copied" ? "Copied" : "Copy all"}
        </Button>
        <Button variant="secondary" onClick={download}>
          Download
        </Button>
        <Button onClick={() => window.location.reload()}>Done</Button>
      </div>
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        {copied === "copied"
          ? "Recovery codes copied to the clipboard."
          : copied === "failed"
            ? "Couldn't copy automatically: the codes are selected, press Ctrl+C or Cmd+C."
            : ""}
      </p>
    </div>
  );
}

/* ------------------------------------------------------ when MFA is turned on */

function CodeField({ id, error }: { id: string; error?: string }) {
  return (
    <FormField
      label="Authentication or recovery code"
      id={id}
      name="code"
      error={error}
      hint="The 6-digit code from your app, or one of your recovery codes."
    >
      {(p) => <Input {...p} autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} required className="font-mono" />}
    </FormField>
  );
}

export function RegenerateCodesForm({ action, account }: { action: Action<RecoveryCodes>; account: string }) {
  const [state, formAction] = useActionState(action, null);
  if (state?.ok) {
    return (
      <RecoveryCodesPanel
        codes={state.data.recoveryCodes}
        account={account}
        title="Your new recovery codes"
        intro="Your previous recovery codes no longer work."
      />
    );
  }
  return (
    <form action={formAction} className="max-w-md space-y-4" noValidate>
      <FormAlert state={state} fields={FIELDS} />
      <PasswordField id="regenerate-password" error={fieldError(state, "password")} />
      <CodeField id="regenerate-code" error={fieldError(state, "code")} />
      <SubmitButton variant="secondary" loadingLabel="Making new codes…">
        Regenerate recovery codes
      </SubmitButton>
    </form>
  );
}

export function DisableMfaForm({ action, warning }: { action: Action<unknown>; warning?: ReactNode }) {
  const [state, formAction] = useActionState(action, null);
  const [asking, setAsking] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  // Like ConfirmAction: the question opens on Cancel, and Escape answers it.
  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  function cancel() {
    setAsking(false);
    requestAnimationFrame(() => startRef.current?.focus());
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== "Escape" || !asking) return;
    event.preventDefault();
    cancel();
  }

  return (
    <form action={formAction} onKeyDown={onKeyDown} className="max-w-md space-y-4" noValidate>
      <FormAlert state={state} fields={FIELDS} />
      <PasswordField id="disable-password" error={fieldError(state, "password")} />
      <CodeField id="disable-code" error={fieldError(state, "code")} />
      {asking ? (
        <div className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4 dark:border-red-900 dark:bg-red-950">
          <p className="text-sm text-red-900 dark:text-red-100">
            Turn off two-factor authentication? Your account will be protected by your password alone, and your recovery codes
            will stop working.
          </p>
          {warning ? <p className="text-sm font-medium text-red-900 dark:text-red-100">{warning}</p> : null}
          <div className="flex flex-wrap gap-2">
            <Button ref={cancelRef} variant="secondary" onClick={cancel}>
              Cancel
            </Button>
            <SubmitButton variant="danger" loadingLabel="Turning off…">
              Yes, turn it off
            </SubmitButton>
          </div>
        </div>
      ) : (
        <Button ref={startRef} variant="danger" onClick={() => setAsking(true)}>
          Turn off two-factor authentication
        </Button>
      )}
    </form>
  );
}
