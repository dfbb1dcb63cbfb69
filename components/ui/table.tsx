import type { ComponentProps } from "react";
import { cn } from "./cn";

export type TableProps = ComponentProps<"table"> & {
  /** Classes for the scrolling wrapper (the table itself scrolls sideways on narrow screens). */
  wrapperClassName?: string;
  /** Accessible name for the scroll container, which is focusable so keyboard users can scroll it. */
  label?: string;
};

export function Table({ className, wrapperClassName, label, ...rest }: TableProps) {
  return (
    <div
      className={cn("overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800", wrapperClassName)}
      role={label ? "region" : undefined}
      aria-label={label}
      tabIndex={label ? 0 : undefined}
    >
      <table className={cn("min-w-full divide-y divide-slate-200 text-left text-sm dark:divide-slate-800", className)} {...rest} />
    </div>
  );
}

/** A caption names the table for screen readers; add className="sr-only" to hide it visually. */
export function TableCaption({ className, ...rest }: ComponentProps<"caption">) {
  return <caption className={cn("px-4 py-3 text-left text-sm text-slate-600 dark:text-slate-400", className)} {...rest} />;
}

export function TableHead({ className, ...rest }: ComponentProps<"thead">) {
  return <thead className={cn("bg-slate-50 dark:bg-slate-900", className)} {...rest} />;
}

export function TableBody({ className, ...rest }: ComponentProps<"tbody">) {
  return (
    <tbody
      className={cn("divide-y divide-slate-200 bg-white dark:divide-slate-800 dark:bg-slate-950", className)}
      {...rest}
    />
  );
}

export function TableRow({ className, ...rest }: ComponentProps<"tr">) {
  return <tr className={cn("align-middle", className)} {...rest} />;
}

/** Column header: scope="col" by default; use scope="row" for a row header in the body. */
export function TableHeaderCell({ className, scope = "col", ...rest }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn(
        "px-4 py-3 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-700 uppercase dark:text-slate-300",
        className,
      )}
      {...rest}
    />
  );
}

export function TableCell({ className, ...rest }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-3 text-slate-700 dark:text-slate-300", className)} {...rest} />;
}
