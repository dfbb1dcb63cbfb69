import type { ComponentProps } from "react";
import { cn } from "./cn";

export type LabelProps = ComponentProps<"label"> & {
  /** Appends a visual "(required)" hint; still set `required` on the control itself. */
  required?: boolean;
};

export function Label({ className, required, children, ...rest }: LabelProps) {
  return (
    <label className={cn("block text-sm font-medium text-slate-900 dark:text-slate-100", className)} {...rest}>
      {children}
      {required ? <span className="ml-1 font-normal text-slate-600 dark:text-slate-400">(required)</span> : null}
    </label>
  );
}
