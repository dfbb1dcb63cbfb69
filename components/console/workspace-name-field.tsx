"use client";

import { useEffect, useRef, useState, type ClipboardEvent, type ReactNode } from "react";
import { FormField, Input } from "@/components/ui";
import { WORKSPACE_NAME_MAX, workspaceNameTooLong } from "@/lib/console/workspace-name";

export type WorkspaceNameFieldProps = {
  id?: string;
  defaultValue?: string;
  /** The server's error for the field (NAME_TOO_LONG, VALIDATION). */
  error?: ReactNode;
  /** Extra help, shown before the character count. */
  hint?: ReactNode;
  autoComplete?: string;
};

/**
 * The workspace name input of the create and rename forms. maxLength stops typing at the
 * limit and a counter shows how much is left; a paste that would go over is refused with
 * the reason next to the field instead of being cut to fit (the browser would cut it
 * silently). The server checks the same rule for anything that gets past this.
 */
export function WorkspaceNameField({ id = "name", defaultValue = "", error, hint, autoComplete }: WorkspaceNameFieldProps) {
  const [length, setLength] = useState(defaultValue.length);
  const [refused, setRefused] = useState<string | null>(null);
  const ref = useRef<HTMLInputElement>(null);

  // React resets the form after its action: count again once the reset has happened.
  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    const onReset = () => setTimeout(() => setLength(ref.current?.value.length ?? 0), 0);
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, []);

  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const pasted = event.clipboardData.getData("text/plain").replace(/\r?\n/g, " ");
    const selected = (input.selectionEnd ?? 0) - (input.selectionStart ?? 0);
    const next = input.value.length - selected + pasted.length;
    if (next > WORKSPACE_NAME_MAX) {
      event.preventDefault();
      setRefused(workspaceNameTooLong(next));
    }
  }

  return (
    <FormField
      label="Workspace name"
      id={id}
      name="name"
      required
      error={refused ?? error}
      hint={
        <>
          {hint ? <>{hint} </> : null}
          <span className="tabular-nums">
            {length} of {WORKSPACE_NAME_MAX} characters
          </span>
          .
        </>
      }
    >
      {(p) => (
        <Input
          {...p}
          ref={ref}
          maxLength={WORKSPACE_NAME_MAX}
          defaultValue={defaultValue}
          autoComplete={autoComplete}
          onPaste={onPaste}
          onInput={(e) => {
            setLength(e.currentTarget.value.length);
            setRefused(null);
          }}
        />
      )}
    </FormField>
  );
}
