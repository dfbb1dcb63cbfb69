import type { Metadata } from "next";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { ButtonLink } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Page not found" };

export default async function NotFound() {
  // A signed-in user is offered the way back into the console, not a sign-in they don't need.
  const user = await getCurrentUser();
  return (
    <>
      <SiteHeader signedIn={Boolean(user)} />
      <main id="main-content" className="mx-auto flex w-full max-w-6xl flex-1 flex-col items-start px-4 py-24 sm:px-6">
        <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">404</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl dark:text-white">
          We couldn&apos;t find that page
        </h1>
        <p className="mt-4 max-w-xl text-slate-600 dark:text-slate-300">
          The link may be out of date, or the page may belong to a workspace you are not a member of.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          {user ? (
            <>
              <ButtonLink href="/w">Back to your workspaces</ButtonLink>
              <ButtonLink href="/" variant="secondary">
                Go to the home page
              </ButtonLink>
            </>
          ) : (
            <>
              <ButtonLink href="/">Go to the home page</ButtonLink>
              <ButtonLink href="/login" variant="secondary">
                Sign in
              </ButtonLink>
            </>
          )}
        </div>
      </main>
      <SiteFooter signedIn={Boolean(user)} />
    </>
  );
}
