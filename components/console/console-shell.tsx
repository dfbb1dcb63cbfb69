import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "../logo";
import { ThemeToggle } from "../theme-toggle";
import { cn } from "../ui/cn";
import { ConsoleSidebar } from "./console-sidebar";

export type ConsoleNavItem = {
  href: string;
  label: string;
  /** Marks the link with aria-current="page" and highlights it. */
  current?: boolean;
};

export type ConsoleShellProps = {
  nav: ConsoleNavItem[];
  /** Accessible name of the nav landmark (default "Workspace"). */
  navLabel?: string;
  /** Usually <WorkspaceSwitcher>. */
  switcher?: ReactNode;
  /** Usually <UserMenu>; shown at the bottom of the sidebar. */
  userMenu?: ReactNode;
  /** Where the wordmark links (default "/"). */
  homeHref?: string;
  /** The page: start it with <PageHeader> (the page's only <h1>). */
  children: ReactNode;
};

/** The signed-in console frame: skip link, sidebar (top bar on small screens), main area, footer. */
export function ConsoleShell({ nav, navLabel = "Workspace", switcher, userMenu, homeHref = "/", children }: ConsoleShellProps) {
  return (
    <div className="min-h-screen flex-1 bg-white dark:bg-slate-950">
      <a
        href="#main-content"
        className="sr-only rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50"
      >
        Skip to content
      </a>

      <ConsoleSidebar brand={<Logo href={homeHref} />}>
        {switcher ? <div>{switcher}</div> : null}
        <nav aria-label={navLabel} className="lg:min-h-0 lg:flex-1 lg:overflow-y-auto">
          <ul className="space-y-0.5">
            {nav.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={item.current ? "page" : undefined}
                  className={cn(
                    "block rounded-md px-3 py-2 text-sm font-medium",
                    item.current
                      ? "bg-white text-brand-700 shadow-sm ring-1 ring-slate-200 dark:bg-slate-800 dark:text-brand-200 dark:ring-slate-700"
                      : "text-slate-700 hover:bg-white hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white",
                  )}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-3 dark:border-slate-800">
          {userMenu ? <div className="min-w-0 flex-1">{userMenu}</div> : null}
          <ThemeToggle />
        </div>
      </ConsoleSidebar>

      <div className="flex min-h-screen flex-col lg:pl-64">
        <main id="main-content" tabIndex={-1} className="flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-10 lg:py-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
        <footer className="border-t border-slate-200 px-4 py-4 text-xs text-slate-600 sm:px-6 lg:px-10 dark:border-slate-800 dark:text-slate-400">
          <div className="mx-auto flex max-w-6xl flex-wrap gap-x-4 gap-y-1">
            <span>Auriko: prompts and responses are never stored.</span>
            <Link href="/security" className="underline hover:text-slate-900 dark:hover:text-white">
              Security
            </Link>
          </div>
        </footer>
      </div>
    </div>
  );
}
