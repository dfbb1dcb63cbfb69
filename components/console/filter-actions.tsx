import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui";

/** Apply / Clear for a GET filter form; Clear (back to `clearHref`) shows only when a filter is set. */
export function FilterActions({ active, clearHref }: { active: boolean; clearHref: string }) {
  return (
    <div className="flex gap-2">
      <Button type="submit">Apply</Button>
      {active ? (
        <Link href={clearHref} className={buttonClasses("ghost")}>
          Clear
        </Link>
      ) : null}
    </div>
  );
}
