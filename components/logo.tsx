import Link from "next/link";
import { cn } from "./ui/cn";

export type LogoProps = {
  /** Where the wordmark links to (default "/"). */
  href?: string;
  className?: string;
};

/** The "Auriko" wordmark with a small decorative mark; its accessible name is the link text. */
export function Logo({ href = "/", className }: LogoProps) {
  return (
    <Link
      href={href}
      className={cn(
        "inline-flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight text-slate-900 dark:text-white",
        className,
      )}
    >
      <svg viewBox="0 0 32 32" className="size-7 shrink-0" aria-hidden="true">
        <rect width="32" height="32" rx="8" className="fill-brand-600" />
        <path d="M9 23 16 8l7 15M11.8 17.5h8.4" fill="none" stroke="white" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span>Auriko</span>
    </Link>
  );
}
