import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { OverviewLink } from "./overview-link";

export const metadata: Metadata = { title: "No access" };

/** 403 inside a workspace: the console frame stays, so the way back is one click. */
export default function WorkspaceForbidden() {
  return (
    <>
      <PageHeader
        eyebrow="403"
        title="You don't have access to this page"
        description="Your role in this workspace doesn't include this page. If you need it, ask an Owner or Admin."
      />
      <OverviewLink />
    </>
  );
}
