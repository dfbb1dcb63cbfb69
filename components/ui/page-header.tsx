import type { ReactNode } from "react";
import { cn } from "./cn";

export type PageHeaderProps = {
  /** Rendered as the page's single <h1>. */
  title: ReactNode;
  description?: ReactNode;
  /** Primary page actions (buttons/links), right-aligned on wide screens. */
  actions?: ReactNode;
  /** Small line above the title, e.g. a breadcrumb <nav aria-label="Breadcrumb"> or a section name. */
  eyebrow?: ReactNode;
  className?: string;
};

export function PageHeader({ title, description, actions, eyebrow, className }: PageHeaderProps) {
  return (
    <div className={cn("flex flex-col gap-4 pb-6 sm:flex-row sm:items-end sm:justify-between", className)}>
      <div className="min-w-0 space-y-1">
        {eyebrow ? <div className="text-sm font-medium text-slate-600 dark:text-slate-400">{eyebrow}</div> : null}
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl dark:text-white">{title}</h1>
        {description ? <p className="max-w-2xl text-sm text-slate-600 sm:text-base dark:text-slate-400">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
