import { Children, isValidElement, type CSSProperties, type ComponentProps, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";

export type TableProps = ComponentProps<"table"> & {
  /** Classes for the scrolling wrapper (the table itself scrolls sideways on narrow screens). */
  wrapperClassName?: string;
  /** Accessible name for the scroll container, which is focusable so keyboard users can scroll it. */
  label?: string;
  /** Keep the grid on phones too (for a table that must be read across, e.g. a small matrix). */
  stackOnPhones?: boolean;
};

/** Columns labelled on phones (globals.css has a rule per position). */
const MAX_LABELLED_COLUMNS = 12;

type WithChildren = ReactElement<{ children?: ReactNode; className?: string }>;

/** The visible text of a header cell; screen-reader-only text ("Actions") does not count. */
function visibleText(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(visibleText).join("");
  if (!isValidElement(node)) return "";
  const el = node as WithChildren;
  if (typeof el.props.className === "string" && /(^|\s)sr-only(\s|$)/.test(el.props.className)) return "";
  return visibleText(el.props.children);
}

/** The header row's labels, read from <TableHead><TableRow><TableHeaderCell>… among the table's children. */
function columnLabels(children: ReactNode): string[] {
  for (const child of Children.toArray(children)) {
    if (!isValidElement(child) || child.type !== TableHead) continue;
    const row = Children.toArray((child as WithChildren).props.children).find(isValidElement) as WithChildren | undefined;
    if (!row) return [];
    return Children.toArray(row.props.children)
      .filter(isValidElement)
      .map((cell) => visibleText((cell as WithChildren).props.children).replace(/\s+/g, " ").trim());
  }
  return [];
}

/** CSS custom properties carrying each column's label to the phone layout's ::before. */
function labelVariables(labels: string[]): CSSProperties {
  const vars: Record<string, string> = {};
  labels.slice(0, MAX_LABELLED_COLUMNS).forEach((label, i) => {
    // A CSS string: quotes and backslashes escaped, nothing else can break out of it.
    vars[`--col-${i + 1}`] = `"${label.replace(/[\\"]/g, "\\$&").replace(/[\n\r\f]/g, " ")}"`;
    if (!label) vars[`--col-pad-${i + 1}`] = "1rem";
  });
  return vars as CSSProperties;
}

/**
 * A data table. Below the `sm` breakpoint each row becomes a card: the header row is kept
 * for screen readers only and every cell shows its column's name beside its value, so
 * nothing (least of all the actions column) sits off-screen to the right. The labels come
 * from the header cells, so every table gets this without extra markup. On wider screens
 * an actions column (the last one, whose heading is for screen readers only) is pinned to
 * the right edge when the table has to scroll.
 */
export function Table({ className, wrapperClassName, label, stackOnPhones = true, children, style, ...rest }: TableProps) {
  const labels = columnLabels(children);
  // A last column without a visible heading holds the row's actions: on wider screens it
  // stays pinned at the right edge while the rest scrolls, so Revoke or Delete is never off-screen.
  const pinActions = labels.length > 1 && labels[labels.length - 1] === "";
  return (
    <div
      className={cn(
        "overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800",
        stackOnPhones && "ui-table-stack",
        pinActions && "ui-table-pin-actions",
        wrapperClassName,
      )}
      style={stackOnPhones ? labelVariables(labels) : undefined}
      role={label ? "region" : undefined}
      aria-label={label}
      tabIndex={label ? 0 : undefined}
    >
      <table
        className={cn("min-w-full divide-y divide-slate-200 text-left text-sm dark:divide-slate-800", className)}
        style={style}
        {...rest}
      >
        {children}
      </table>
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
