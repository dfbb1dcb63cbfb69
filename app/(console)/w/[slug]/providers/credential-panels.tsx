"use client";

import { useEffect, type KeyboardEvent, type RefObject } from "react";
import { FormAlert } from "@/components/console/form-alert";
import { useStickyForm } from "@/components/console/use-sticky-form";
import { Button } from "@/components/ui";
import type { FormState } from "@/lib/console/form-state";
import type { SavedKey } from "./actions";
import { KeyField, PasswordField } from "./password-field";

type PanelProps<T> = {
  credentialId: string;
  /** "OpenAI (production) key …abcd", for headings and screen-reader labels. */
  name: string;
  action: (state: FormState<T>, formData: FormData) => Promise<FormState<T>>;
  onCancel: () => void;
};

function escapeCloses(onCancel: () => void) {
  return (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  };
}

/** Opening a panel moves focus to its first field, so keyboard users land where they type. */
function useFocusFirstField(formRef: RefObject<HTMLFormElement | null>) {
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>("input:not([type=hidden])")?.focus();
  }, [formRef]);
}

const headingClass = "text-sm font-semibold text-slate-900 dark:text-white";

/** Inline "Replace" form: a new key and the password; the old key stops being used at once. */
export function ReplacePanel({ credentialId, name, action, onCancel }: PanelProps<SavedKey>) {
  const { state, pending, formRef, formProps } = useStickyForm(action);
  useFocusFirstField(formRef);
  const id = `replace-${credentialId}`;
  return (
    <form {...formProps} onKeyDown={escapeCloses(onCancel)} aria-labelledby={`${id}-title`} className="max-w-xl space-y-4 py-2">
      <h3 id={`${id}-title`} className={headingClass}>
        Replace the {name}
      </h3>
      <input type="hidden" name="credentialId" value={credentialId} />
      <FormAlert state={state} fields={["key", "password"]} />
      <KeyField
        id={`${id}-key`}
        label={
          <>
            New API key<span className="sr-only"> for the {name}</span>
          </>
        }
        hint="The new key is sealed like the old one; the old one is discarded."
        state={state}
      />
      <PasswordField id={`${id}-password`} state={state} srSuffix={`to replace the ${name}`} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" loading={pending} loadingLabel="Replacing…">
          Replace key
        </Button>
        <Button variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Two-step delete: the question, the password, then the button that does it. */
export function DeletePanel({ credentialId, name, action, onCancel }: PanelProps<null>) {
  const { state, pending, formRef, formProps } = useStickyForm(action);
  useFocusFirstField(formRef);
  const id = `delete-${credentialId}`;
  return (
    <form {...formProps} onKeyDown={escapeCloses(onCancel)} aria-labelledby={`${id}-title`} className="max-w-xl space-y-4 py-2">
      <h3 id={`${id}-title`} className={headingClass}>
        Delete the {name}?
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Requests routed to this provider key will fail until another key is added. This cannot be undone.
      </p>
      <input type="hidden" name="credentialId" value={credentialId} />
      <FormAlert state={state} fields={["password"]} />
      <PasswordField id={`${id}-password`} state={state} srSuffix={`to delete the ${name}`} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" size="sm" loading={pending} loadingLabel="Deleting…">
          Confirm delete
        </Button>
        <Button variant="secondary" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
