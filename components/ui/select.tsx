import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./field-styles";

export type SelectOption = { value: string; label: string; disabled?: boolean };

export type SelectProps = ComponentProps<"select"> & {
  /** Convenience: options rendered before any `children`. */
  options?: SelectOption[];
};

/** A native <select> (keyboard and screen-reader behaviour for free), styled like <Input>. */
export function Select({ className, options, children, ...rest }: SelectProps) {
  return (
    <select className={cn(controlClasses, "h-10 pr-8", className)} {...rest}>
      {options?.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
      {children}
    </select>
  );
}
