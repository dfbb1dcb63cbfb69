import { Badge } from "@/components/ui";
import { STATE_LABELS, type ComponentState } from "@/lib/status/types";
import { STATE_TONE } from "./state-style";

/** A component state in words, in its tone. */
export function StateBadge({ state, className }: { state: ComponentState; className?: string }) {
  return (
    <Badge tone={STATE_TONE[state]} className={className}>
      <span aria-hidden="true" className="mr-1.5 size-1.5 rounded-full bg-current" />
      {STATE_LABELS[state]}
    </Badge>
  );
}
