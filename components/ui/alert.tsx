import type { ReactNode } from "react";
import { cn } from "./cn";

export type AlertVariant = "info" | "success" | "warning" | "error";

const styles: Record<AlertVariant, string> = {
  info: "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  warning: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  error: "border-red-200 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
};

const prefix: Record<AlertVariant, string> = { info: "Note", success: "Success", warning: "Warning", error: "Error" };

export type AlertProps = {
  variant?: AlertVariant;
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons/links shown under the message. */
  actions?: ReactNode;
  /**
   * Live-region role. Defaults: "alert" (assertive) for error/warning, "status" (polite) for info/success.
   * Pass "none" for static explanatory boxes that should not be announced.
   */
  role?: "alert" | "status" | "none";
  className?: string;
  id?: string;
};

/**
 * A message box. The variant is spelled out for screen readers (not colour alone).
 * Live regions announce content that changes: render the Alert after an action, e.g. from a form state.
 */
export function Alert({ variant = "info", title, children, actions, role, className, id }: AlertProps) {
  const liveRole = role ?? (variant === "error" || variant === "warning" ? "alert" : "status");
  return (
    <div
      id={id}
      role={liveRole === "none" ? undefined : liveRole}
      className={cn("rounded-md border px-4 py-3 text-sm", styles[variant], className)}
    >
      {title ? (
        <p className="font-semibold">
          <span className="sr-only">{prefix[variant]}: </span>
          {title}
        </p>
      ) : (
        <span className="sr-only">{prefix[variant]}: </span>
      )}
      {children ? <div className={cn(title ? "mt-1" : undefined, "[&_a]:font-medium [&_a]:underline")}>{children}</div> : null}
      {actions ? <div className="mt-3 flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}
