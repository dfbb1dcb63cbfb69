"use client";

import { useTheme } from "next-themes";
import { useSyncExternalStore, type ReactNode } from "react";
import { cn } from "./ui/cn";

type ThemeChoice = "light" | "dark" | "system";

const stroke = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

const icons: Record<ThemeChoice, ReactNode> = {
  light: (
    <svg viewBox="0 0 24 24" className="size-4" aria-hidden="true" {...stroke}>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
    </svg>
  ),
  dark: (
    <svg viewBox="0 0 24 24" className="size-4" aria-hidden="true" {...stroke}>
      <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
    </svg>
  ),
  system: (
    <svg viewBox="0 0 24 24" className="size-4" aria-hidden="true" {...stroke}>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </svg>
  ),
};

const choices: { value: ThemeChoice; label: string }[] = [
  { value: "light", label: "Light theme" },
  { value: "dark", label: "Dark theme" },
  { value: "system", label: "System theme" },
];

const noop = () => () => {};

/** True only after hydration, without a setState-in-effect round trip. */
function useMounted(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

export type ThemeToggleProps = { className?: string };

/**
 * Light / dark / system switch. The chosen theme is only known in the browser, so the server and
 * the first client render show an inert placeholder of the same size (no hydration mismatch, no shift).
 */
export function ThemeToggle({ className }: ThemeToggleProps) {
  const { theme, setTheme } = useTheme();
  const mounted = useMounted();
  const wrapper = cn(
    "inline-flex items-center gap-0.5 rounded-md border border-slate-300 bg-white p-0.5 dark:border-slate-700 dark:bg-slate-900",
    className,
  );

  if (!mounted) {
    return <div aria-hidden="true" className={cn(wrapper, "h-[2.125rem] w-[5.875rem]")} />;
  }

  const active = (theme as ThemeChoice | undefined) ?? "system";
  return (
    <div role="group" aria-label="Colour theme" className={wrapper}>
      {choices.map(({ value, label }) => (
        <button
          key={value}
          type="button"
          aria-pressed={active === value}
          title={label}
          onClick={() => setTheme(value)}
          className={cn(
            "inline-flex size-7 items-center justify-center rounded",
            "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 dark:focus-visible:outline-brand-300",
            active === value
              ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900"
              : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white",
          )}
        >
          {icons[value]}
          <span className="sr-only">{label}</span>
        </button>
      ))}
    </div>
  );
}
