import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { Skeleton } from "@/components/ui";

export default function StatusLoading() {
  return (
    <>
      <SiteHeader current="/status" />
      <main id="main-content" className="mx-auto w-full max-w-4xl flex-1 space-y-10 px-4 py-12 sm:px-6">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl dark:text-white">Auriko status</h1>
        <div role="status" className="space-y-4">
          <span className="sr-only">Loading the current status…</span>
          <Skeleton className="h-16 w-full" />
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-28 w-full" />
          ))}
        </div>
      </main>
      <SiteFooter />
    </>
  );
}
