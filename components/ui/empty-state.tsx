import type { ReactNode } from "react";
import { cn } from "./cn";

export type EmptyStateProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Usually a <ButtonLink> or <Button>. */
  action?: ReactNode;
  /** Heading level of the title; h2 directly under a page's h1, h3 inside a card. */
  as?: "h2" | "h3" | "h4";
  className?: string;
};

/** Shown where a list would be when there is nothing in it yet. */
export function EmptyState({ title, description, action, as: Heading = "h2", className }: EmptyStateProps) {
  return (
    <div
      className={cn(
        "flex flex-col items-center rounded-lg border border-dashed border-slate-300 px-6 py-12 text-center dark:border-slate-700",
        className,
      )}
    >
      <Heading className="text-base font-semibold text-slate-900 dark:text-white">{title}</Heading>
      {description ? <p className="mt-2 max-w-md text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
      {action ? <div className="mt-6">{action}</div> : null}
    </div>
  );
}
