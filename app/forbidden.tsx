import type { Metadata } from "next";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { ButtonLink } from "@/components/ui";

export const metadata: Metadata = { title: "No access" };

export default function Forbidden() {
  return (
    <>
      <SiteHeader />
      <main id="main-content" className="mx-auto flex w-full max-w-6xl flex-1 flex-col items-start px-4 py-24 sm:px-6">
        <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">403</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl dark:text-white">
          You don&apos;t have access to this page
        </h1>
        <p className="mt-4 max-w-xl text-slate-600 dark:text-slate-300">
          Your role doesn&apos;t include this page. If you need it, ask an Owner or Admin of the workspace.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <ButtonLink href="/w">Go to your workspaces</ButtonLink>
          <ButtonLink href="/" variant="secondary">
            Go to the home page
          </ButtonLink>
        </div>
      </main>
      <SiteFooter />
    </>
  );
}
