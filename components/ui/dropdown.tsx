"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, type MouseEvent, type ReactNode } from "react";
import { cn } from "./cn";

export type DropdownProps = {
  /** Content of the always-visible toggle (a <summary>, which is announced as a button with expanded state). */
  summary: ReactNode;
  summaryClassName?: string;
  /** The panel: usually a <ul> of links. This is the disclosure pattern, not an ARIA menu, so Tab moves through it. */
  children: ReactNode;
  /** Which edge of the toggle the panel lines up with. */
  align?: "start" | "end";
  /** Open downwards (default) or upwards (for menus at the bottom of a sidebar). */
  side?: "bottom" | "top";
  className?: string;
  panelClassName?: string;
};

/**
 * A <details>/<summary> dropdown: works before hydration and without JS; once hydrated it also
 * closes on Escape (returning focus to the toggle), on an outside click, after a link in it is
 * followed, and when the route changes.
 */
export function Dropdown({
  summary,
  summaryClassName,
  children,
  align = "start",
  side = "bottom",
  className,
  panelClassName,
}: DropdownProps) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();

  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [pathname]);

  useEffect(() => {
    function onPointerDown(event: PointerEvent) {
      const el = ref.current;
      if (el?.open && event.target instanceof Node && !el.contains(event.target)) el.open = false;
    }
    function onKeyDown(event: KeyboardEvent) {
      const el = ref.current;
      if (event.key !== "Escape" || !el?.open) return;
      el.open = false;
      el.querySelector("summary")?.focus();
    }
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, []);

  function onPanelClick(event: MouseEvent<HTMLDivElement>) {
    if (event.target instanceof Element && event.target.closest("a[href]") && ref.current) ref.current.open = false;
  }

  return (
    <details ref={ref} className={cn("group relative", className)}>
      <summary className={summaryClassName}>{summary}</summary>
      {/* Clicks are only observed here to close the panel; the links themselves stay the interactive elements. */}
      <div
        onClick={onPanelClick}
        className={cn(
          "absolute z-40 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900",
          align === "end" ? "right-0" : "left-0",
          side === "top" ? "bottom-full mb-2" : "top-full mt-2",
          panelClassName,
        )}
      >
        {children}
      </div>
    </details>
  );
}

/** Class string for a link or button inside a Dropdown panel. */
export const dropdownItemClasses =
  "flex w-full items-center gap-2 rounded px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 hover:text-slate-900 " +
  "dark:text-slate-200 dark:hover:bg-slate-800 dark:hover:text-white";
