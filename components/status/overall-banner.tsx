import { cn } from "@/components/ui";
import type { ComponentState } from "@/lib/status/types";

const STYLE: Record<ComponentState, string> = {
  operational: "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  under_maintenance: "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100",
  degraded_performance: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  partial_outage: "border-orange-200 bg-orange-50 text-orange-900 dark:border-orange-800 dark:bg-orange-950 dark:text-orange-100",
  major_outage: "border-red-200 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
};

function Icon({ state }: { state: ComponentState }) {
  const common = { "aria-hidden": true, viewBox: "0 0 24 24", className: "size-7 shrink-0", fill: "none", stroke: "currentColor", strokeWidth: 2 } as const;
  if (state === "operational") {
    return (
      <svg {...common}>
        <circle cx="12" cy="12" r="10" />
        <path d="m7.5 12.5 3 3 6-6.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    );
  }
  if (state === "under_maintenance") {
    return (
      <svg {...common}>
        <circle cx="12" cy="12" r="10" />
        <path d="M12 7v5l3 2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <path d="M12 3 2 20h20L12 3Z" strokeLinejoin="round" />
      <path d="M12 10v4M12 17h.01" strokeLinecap="round" />
    </svg>
  );
}

/** The page's one-line answer: is everything working? */
export function OverallBanner({ state, description, updatedAt }: { state: ComponentState; description: string; updatedAt: string }) {
  return (
    <div className={cn("flex items-center gap-4 rounded-lg border px-5 py-4", STYLE[state])}>
      <Icon state={state} />
      <div className="min-w-0">
        <p className="text-lg font-semibold">{description}</p>
        <p className="text-sm opacity-90">
          Updated <time dateTime={updatedAt}>{updatedAt.slice(11, 16)} UTC</time>
        </p>
      </div>
    </div>
  );
}
