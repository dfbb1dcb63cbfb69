import Link from "next/link";
import { Logo } from "./logo";
import { ThemeToggle } from "./theme-toggle";
import { ButtonLink } from "./ui/button";
import { Dropdown, dropdownItemClasses } from "./ui/dropdown";

const links = [
  { href: "/security", label: "Security" },
  { href: "/status", label: "Status" },
] as const;

const navLink =
  "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 " +
  "dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white";

export type SiteHeaderProps = {
  /** Path of the current page, marked with aria-current (e.g. "/security"). */
  current?: string;
  /** A signed-in visitor is offered the console instead of "Sign in" / "Get started". */
  signedIn?: boolean;
};

/** Header of the public pages: wordmark, Security/Status links, theme switch, Sign in / Get started. */
export function SiteHeader({ current, signedIn = false }: SiteHeaderProps) {
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
      <a
        href="#main-content"
        className="sr-only rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white focus:not-sr-only focus:absolute focus:top-3 focus:left-3 focus:z-50"
      >
        Skip to content
      </a>
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
        <div className="flex items-center gap-6">
          <Logo />
          <nav aria-label="Main" className="hidden md:block">
            <ul className="flex items-center gap-1">
              {links.map((l) => (
                <li key={l.href}>
                  <Link href={l.href} className={navLink} aria-current={current === l.href ? "page" : undefined}>
                    {l.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>

        <div className="flex items-center gap-2">
          <ThemeToggle />
          <div className="hidden items-center gap-2 md:flex">
            {signedIn ? (
              <ButtonLink href="/w" size="sm">
                Your workspaces
              </ButtonLink>
            ) : (
              <>
                <ButtonLink href="/login" variant="ghost" size="sm">
                  Sign in
                </ButtonLink>
                <ButtonLink href="/signup" size="sm">
                  Get started
                </ButtonLink>
              </>
            )}
          </div>
          <Dropdown
            className="md:hidden"
            align="end"
            summary={<span>Menu</span>}
            summaryClassName={
              "inline-flex h-9 items-center rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-900 " +
              "hover:bg-slate-50 dark:border-slate-700 dark:text-slate-100 dark:hover:bg-slate-800"
            }
          >
            <nav aria-label="Main">
              <ul>
                {links.map((l) => (
                  <li key={l.href}>
                    <Link href={l.href} className={dropdownItemClasses} aria-current={current === l.href ? "page" : undefined}>
                      {l.label}
                    </Link>
                  </li>
                ))}
                {signedIn ? (
                  <li className="p-1">
                    <ButtonLink href="/w" size="sm" className="w-full">
                      Your workspaces
                    </ButtonLink>
                  </li>
                ) : (
                  <>
                    <li>
                      <Link href="/login" className={dropdownItemClasses}>
                        Sign in
                      </Link>
                    </li>
                    <li className="p-1">
                      <ButtonLink href="/signup" size="sm" className="w-full">
                        Get started
                      </ButtonLink>
                    </li>
                  </>
                )}
              </ul>
            </nav>
          </Dropdown>
        </div>
      </div>
    </header>
  );
}
