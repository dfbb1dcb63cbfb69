import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./field-styles";

export type InputProps = ComponentProps<"input">;

/** A styled <input>. Pair it with <Label>, or use <FormField> which wires the ids. */
export function Input({ className, type = "text", ...rest }: InputProps) {
  return <input type={type} className={cn(controlClasses, "h-10", className)} {...rest} />;
}

export type TextareaProps = ComponentProps<"textarea">;

export function Textarea({ className, rows = 4, ...rest }: TextareaProps) {
  return <textarea rows={rows} className={cn(controlClasses, "py-2", className)} {...rest} />;
}
