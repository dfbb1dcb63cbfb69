import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export type CardProps = Omit<ComponentProps<"section">, "ref"> & {
  /** "section" (default) becomes a region landmark only when it has an accessible name; use "div" for pure layout. */
  as?: "section" | "div" | "article";
};

export function Card({ as: Tag = "section", className, ...rest }: CardProps) {
  return (
    <Tag
      className={cn(
        "rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900",
        className,
      )}
      {...rest}
    />
  );
}

export type CardHeaderProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Buttons or links aligned to the right. */
  actions?: ReactNode;
  /** Heading level of the title; pick the one that keeps the page outline unbroken (h2 under the page h1). */
  as?: "h2" | "h3" | "h4";
  /** Put the same id in the Card's aria-labelledby to name the section. */
  titleId?: string;
  className?: string;
};

export function CardHeader({ title, description, actions, as: Heading = "h2", titleId, className }: CardHeaderProps) {
  return (
    <div
      className={cn(
        "flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4 dark:border-slate-800",
        className,
      )}
    >
      <div className="min-w-0 space-y-1">
        <Heading id={titleId} className="text-base font-semibold text-slate-900 dark:text-white">
          {title}
        </Heading>
        {description ? <p className="text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}

export function CardBody({ className, ...rest }: ComponentProps<"div">) {
  return <div className={cn("px-5 py-4", className)} {...rest} />;
}

export function CardFooter({ className, ...rest }: ComponentProps<"div">) {
  return (
    <div
      className={cn(
        "flex flex-wrap items-center justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3 dark:border-slate-800 dark:bg-slate-900/60",
        "rounded-b-lg",
        className,
      )}
      {...rest}
    />
  );
}
