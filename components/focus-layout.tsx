import type { ReactNode } from "react";
import { Logo } from "./logo";
import { ThemeToggle } from "./theme-toggle";
import { cn } from "./ui/cn";

export type FocusLayoutProps = {
  children: ReactNode;
  /** Content width: "sm" for a single form card (sign-in), "lg" for pages with tables (account). */
  width?: "sm" | "md" | "lg";
  /** Shown at the right of the header, e.g. a link back to the console. */
  headerActions?: ReactNode;
  /** Where the wordmark links (default "/"). */
  homeHref?: string;
};

const widths = { sm: "max-w-md", md: "max-w-xl", lg: "max-w-4xl" } as const;

/**
 * A quiet frame for pages outside a workspace (sign-in, sign-up, invitations, account):
 * wordmark, theme switch, one centred column, a one-line footer.
 */
export function FocusLayout({ children, width = "sm", headerActions, homeHref = "/" }: FocusLayoutProps) {
  return (
    <>
      <header className="border-b border-slate-200 dark:border-slate-800">
        <a
          href="#main-content"
          className="sr-only rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white focus:not-sr-only focus:absolute focus:top-3 focus:left-3 focus:z-50"
        >
          Skip to content
        </a>
        {/* Wraps on a phone: the account pages' actions and the theme switch are wider than 390 px together. */}
        <div className="mx-auto flex min-h-16 max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Logo href={homeHref} />
          <div className="flex flex-wrap items-center justify-end gap-2">
            {headerActions}
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main id="main-content" className="w-full flex-1 bg-slate-50 px-4 py-10 sm:px-6 sm:py-16 dark:bg-slate-950">
        <div className={cn("mx-auto w-full", widths[width])}>{children}</div>
      </main>
      <footer className="border-t border-slate-200 dark:border-slate-800">
        <p className="mx-auto flex max-w-6xl flex-wrap gap-x-4 gap-y-1 px-4 py-4 text-xs text-slate-600 sm:px-6 dark:text-slate-400">
          <span>Auriko: prompts and responses are never stored.</span>
          <a href="/security" className="underline hover:text-slate-900 dark:hover:text-white">
            Security
          </a>
        </p>
      </footer>
    </>
  );
}
