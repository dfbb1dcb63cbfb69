import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "../ui/cn";

export type ChecklistStep = {
  title: string;
  /** What the step is, or (when done) what there is now. */
  body: ReactNode;
  done: boolean;
  href?: string;
  cta?: string;
};

const linkClass = "font-medium text-brand-700 underline-offset-4 hover:underline dark:text-brand-300";

/** "2 of 5 done", for a card's description. */
export function checklistProgress(steps: readonly ChecklistStep[]): string {
  const done = steps.filter((s) => s.done).length;
  return done === steps.length ? "All done." : `${done} of ${steps.length} done.`;
}

/**
 * An onboarding checklist whose ticks come from the workspace's real state (a provider
 * key stored, an API key created, a request made, …), not from what was clicked. Each
 * step says "Done" or "To do" to screen readers as well as with its mark.
 */
export function SetupChecklist({ steps, label }: { steps: readonly ChecklistStep[]; label: string }) {
  return (
    <ol aria-label={label} className="space-y-5">
      {steps.map((s, i) => (
        <li key={s.title} className="flex gap-4" data-done={s.done ? "true" : "false"}>
          <span
            aria-hidden="true"
            className={cn(
              "flex size-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold ring-1",
              s.done
                ? "bg-emerald-600 text-white ring-emerald-600 dark:bg-emerald-500 dark:text-slate-950 dark:ring-emerald-500"
                : "bg-brand-50 text-brand-700 ring-brand-200 dark:bg-brand-950 dark:text-brand-200 dark:ring-brand-800",
            )}
          >
            {s.done ? "✓" : i + 1}
          </span>
          <div className="min-w-0">
            <h3 className="text-sm font-semibold text-slate-900 dark:text-white">
              <span className="sr-only">{s.done ? "Done: " : "To do: "}</span>
              {s.title}
            </h3>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{s.body}</p>
            {s.href && s.cta ? (
              <Link href={s.href} className={`mt-2 inline-block text-sm ${linkClass}`}>
                {s.cta} <span aria-hidden="true">→</span>
              </Link>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
