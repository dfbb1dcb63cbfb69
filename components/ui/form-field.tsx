import type { ReactNode } from "react";
import { cn } from "./cn";
import { Input, type InputProps } from "./input";
import { Label } from "./label";

/** Props a custom control must spread to be wired to the field's label, hint and error. */
export type FieldControlProps = {
  id: string;
  name?: string;
  required?: boolean;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
};

export type FormFieldProps = Omit<InputProps, "id" | "children"> & {
  label: ReactNode;
  /** Control id; defaults to `name`. Set it when the same name appears twice on a page. */
  id?: string;
  /** Help text under the control. */
  hint?: ReactNode;
  /** Validation message; when set the control gets aria-invalid and the message is announced. */
  error?: ReactNode;
  className?: string;
  /**
   * Render a control other than <Input> (Select, Textarea, …):
   * `{(p) => <Select {...p} options={…} />}`. Without it an <Input> gets every other prop.
   */
  children?: (control: FieldControlProps) => ReactNode;
};

/**
 * Label + control + hint + error, with htmlFor, aria-describedby and aria-invalid wired.
 *   <FormField label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
 */
export function FormField({ label, id, name, hint, error, required, className, children, ...inputProps }: FormFieldProps) {
  const controlId = id ?? name;
  if (!controlId) throw new Error("FormField needs an `id` or a `name`");
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const control: FieldControlProps = {
    id: controlId,
    name,
    required,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
  };

  return (
    <div className={cn("space-y-1.5", className)}>
      <Label htmlFor={controlId} required={required}>
        {label}
      </Label>
      {children ? children(control) : <Input {...inputProps} {...control} />}
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
