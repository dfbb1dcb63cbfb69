import Link from "next/link";

const groups = [
  {
    heading: "Product",
    links: [
      { href: "/signup", label: "Get started" },
      { href: "/login", label: "Sign in" },
    ],
  },
  {
    heading: "Trust",
    links: [
      { href: "/security", label: "Security" },
      { href: "/status", label: "Status" },
      { href: "/security/disclosure", label: "Report a vulnerability" },
    ],
  },
] as const;

const linkClass =
  "rounded-sm text-sm text-slate-600 hover:text-slate-900 hover:underline dark:text-slate-400 dark:hover:text-white";

/** Footer of the public pages. Group titles are not headings, so the page outline stays the page's own. */
export function SiteFooter({ signedIn = false }: { signedIn?: boolean }) {
  return (
    <footer className="border-t border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-950">
      <div className="mx-auto flex max-w-6xl flex-col gap-8 px-4 py-10 sm:px-6 md:flex-row md:justify-between">
        <div className="max-w-sm space-y-2">
          <p className="text-base font-semibold text-slate-900 dark:text-white">Auriko</p>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            A self-hostable LLM gateway: your provider keys, your workspaces, no prompts kept.
          </p>
        </div>
        <div className="flex flex-wrap gap-12">
          {groups.map((g) => (
            <nav key={g.heading} aria-label={g.heading}>
              <p className="text-sm font-semibold text-slate-900 dark:text-white">{g.heading}</p>
              <ul className="mt-3 space-y-2">
                {(g.heading === "Product" && signedIn ? [{ href: "/w", label: "Your workspaces" }] : g.links).map((l) => (
                  <li key={l.href}>
                    <Link href={l.href} className={linkClass}>
                      {l.label}
                    </Link>
                  </li>
                ))}
                {g.heading === "Trust" ? (
                  <li>
                    {/* A plain file, not a page: a normal link, so the router does not try to prefetch it. */}
                    <a href="/.well-known/security.txt" className={linkClass}>
                      security.txt
                    </a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ))}
        </div>
      </div>
      <div className="border-t border-slate-200 dark:border-slate-800">
        <p className="mx-auto max-w-6xl px-4 py-4 text-xs text-slate-600 sm:px-6 dark:text-slate-400">
          © Auriko. Prompts and responses pass through; they are never stored.
        </p>
      </div>
    </footer>
  );
}
