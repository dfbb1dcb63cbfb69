import { cn } from "./cn";

export type SkeletonProps = {
  /** Size it with Tailwind classes, e.g. "h-4 w-40". */
  className?: string;
};

/**
 * A grey placeholder block. Decorative (aria-hidden): put one <Spinner> or an
 * sr-only "Loading…" status next to a group of skeletons so the state is announced.
 */
export function Skeleton({ className }: SkeletonProps) {
  return <div aria-hidden="true" className={cn("rounded-md bg-slate-200 motion-safe:animate-pulse dark:bg-slate-800", className)} />;
}

/** A few skeleton lines with a single screen-reader announcement. */
export function SkeletonText({ lines = 3, label = "Loading…" }: { lines?: number; label?: string }) {
  return (
    <div role="status" className="space-y-2">
      <span className="sr-only">{label}</span>
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} className={cn("h-4", i === lines - 1 ? "w-2/3" : "w-full")} />
      ))}
    </div>
  );
}
