import { cn } from "./cn";

export type SpinnerProps = {
  size?: "sm" | "md" | "lg";
  /** Announced to screen readers. Pass `null` when the surrounding control already says it is busy. */
  label?: string | null;
  className?: string;
};

const sizes = { sm: "size-4 border-2", md: "size-6 border-2", lg: "size-10 border-[3px]" } as const;

/** An indeterminate spinner. With a label it is a polite live region (role="status"). */
export function Spinner({ size = "md", label = "Loading…", className }: SpinnerProps) {
  const ring = (
    <span
      aria-hidden="true"
      className={cn(
        "inline-block shrink-0 rounded-full border-current border-r-transparent motion-safe:animate-spin",
        sizes[size],
      )}
    />
  );
  if (label === null) return <span className={cn("inline-flex", className)}>{ring}</span>;
  return (
    <span role="status" className={cn("inline-flex items-center", className)}>
      {ring}
      <span className="sr-only">{label}</span>
    </span>
  );
}
