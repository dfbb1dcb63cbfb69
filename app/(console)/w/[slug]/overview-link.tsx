"use client";

import { useParams } from "next/navigation";
import { ButtonLink } from "@/components/ui";

/** Link to the current workspace's overview (error boundaries do not receive params). */
export function OverviewLink() {
  const params = useParams<{ slug: string }>();
  const href = params.slug ? `/w/${encodeURIComponent(params.slug)}` : "/w";
  return (
    <ButtonLink href={href} variant="secondary">
      Back to the overview
    </ButtonLink>
  );
}
