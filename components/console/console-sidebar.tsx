"use client";

import { usePathname } from "next/navigation";
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "../ui/cn";

export type ConsoleSidebarProps = {
  /** Always visible: the wordmark at the top of the sidebar / top bar. */
  brand: ReactNode;
  /** Navigation, switcher, theme switch and user menu: a sidebar on large screens, a drop-down panel on small ones. */
  children: ReactNode;
};

/**
 * The console's <header>: a fixed sidebar from the `lg` breakpoint, a top bar with a
 * "Menu" toggle below it. The panel closes on Escape and on navigation.
 */
export function ConsoleSidebar({ brand, children }: ConsoleSidebarProps) {
  const pathname = usePathname();
  // Remember where the panel was opened: it is open only on that path, so navigating closes it.
  const [openedAt, setOpenedAt] = useState<string | null>(null);
  const open = openedAt !== null && openedAt === pathname;
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Escape" && open) {
      setOpenedAt(null);
      toggleRef.current?.focus();
    }
  }

  return (
    <header
      onKeyDown={onKeyDown}
      className={cn(
        "border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900",
        "lg:fixed lg:inset-y-0 lg:left-0 lg:z-30 lg:flex lg:w-64 lg:flex-col lg:border-r lg:border-b-0",
      )}
    >
      <div className="flex h-14 shrink-0 items-center justify-between gap-3 px-4 lg:h-16">
        {brand}
        <button
          ref={toggleRef}
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpenedAt(open ? null : pathname)}
          className={cn(
            "inline-flex h-9 items-center gap-2 rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-900 lg:hidden",
            "hover:bg-white dark:border-slate-700 dark:text-slate-100 dark:hover:bg-slate-800",
          )}
        >
          <svg viewBox="0 0 24 24" className="size-4" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            {open ? <path d="M6 6l12 12M18 6 6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
          </svg>
          Menu
        </button>
      </div>
      <div
        id={panelId}
        className={cn(
          open ? "flex" : "hidden",
          "flex-col gap-4 border-t border-slate-200 px-3 pt-3 pb-4 lg:flex lg:min-h-0 lg:flex-1 lg:border-t-0 dark:border-slate-800",
        )}
      >
        {children}
      </div>
    </header>
  );
}
