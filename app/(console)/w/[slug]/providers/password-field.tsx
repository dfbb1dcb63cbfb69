import type { ReactNode } from "react";
import { FormField, Input } from "@/components/ui";
import { fieldError, type FormState } from "@/lib/console/form-state";

export const PASSWORD_HINT =
  "Changes to provider keys need your password once every 5 minutes. If you confirmed it in the last 5 minutes, you can leave this empty.";

/** "Confirm with your password": REAUTH_REQUIRED and WRONG_PASSWORD come back on this field. */
export function PasswordField({ id, state, srSuffix }: { id: string; state: FormState<unknown>; srSuffix?: string }) {
  return (
    <FormField
      id={id}
      name="password"
      label={
        <>
          Confirm with your password{srSuffix ? <span className="sr-only"> {srSuffix}</span> : null}
        </>
      }
      hint={PASSWORD_HINT}
      error={fieldError(state, "password")}
    >
      {(p) => <Input {...p} type="password" autoComplete="current-password" maxLength={1024} />}
    </FormField>
  );
}

/** The provider key input: a password-type field the browser should neither fill nor remember. */
export function KeyField({
  id,
  label,
  hint,
  state,
  required = true,
}: {
  id: string;
  label: ReactNode;
  hint?: string;
  state: FormState<unknown>;
  required?: boolean;
}) {
  return (
    <FormField id={id} name="key" label={label} hint={hint} error={fieldError(state, "key")} required={required}>
      {(p) => (
        <Input
          {...p}
          type="password"
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={4096}
          data-1p-ignore
          data-lpignore="true"
        />
      )}
    </FormField>
  );
}
