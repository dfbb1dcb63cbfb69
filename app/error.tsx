"use client";

import { useEffect } from "react";
import { Logo } from "@/components/logo";
import { Button, ButtonLink } from "@/components/ui";

type ErrorPageProps = {
  /** Whatever was thrown. From server components it is an Error whose message is generic in production. */
  error: unknown;
  /** Re-fetches and re-renders the segment (Next 16). */
  retry: () => void;
};

function digestOf(error: unknown): string | undefined {
  if (error instanceof Error && "digest" in error && typeof error.digest === "string") return error.digest;
  return undefined;
}

/**
 * Root error boundary. It renders inside the root layout, so it brings its own landmarks.
 * It never shows the error message (it may carry internals); the digest lets support find the server log.
 */
export default function ErrorPage({ error, retry }: ErrorPageProps) {
  const digest = digestOf(error);

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <>
      <header className="border-b border-slate-200 dark:border-slate-800">
        <div className="mx-auto flex h-16 max-w-6xl items-center px-4 sm:px-6">
          <Logo />
        </div>
      </header>
      <main id="main-content" className="mx-auto flex w-full max-w-6xl flex-1 flex-col items-start px-4 py-24 sm:px-6">
        <p className="text-sm font-semibold text-red-700 dark:text-red-300">Error</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl dark:text-white">
          Something went wrong
        </h1>
        <p className="mt-4 max-w-xl text-slate-600 dark:text-slate-300">
          We couldn&apos;t load this page. Please try again; if it keeps happening, contact support and quote the
          reference below.
        </p>
        {digest ? (
          <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
            Reference: <code className="font-mono text-slate-900 dark:text-white">{digest}</code>
          </p>
        ) : null}
        <div className="mt-8 flex flex-wrap gap-3">
          <Button onClick={() => retry()}>Try again</Button>
          <ButtonLink href="/" variant="secondary">
            Go to the home page
          </ButtonLink>
        </div>
      </main>
      <footer className="border-t border-slate-200 dark:border-slate-800">
        <p className="mx-auto max-w-6xl px-4 py-4 text-xs text-slate-600 sm:px-6 dark:text-slate-400">
          If this keeps happening, tell your workspace administrator the reference above.
        </p>
      </footer>
    </>
  );
}
