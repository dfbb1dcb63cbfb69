"use client";

import { usePathname } from "next/navigation";

export type NavLink = {
  href: string;
  label: string;
  /** Current only on this exact path (an overview), not on pages below it. */
  exact?: boolean;
};

/**
 * The nav items with the current one marked from the URL: a layout does not know which
 * of its pages is showing, the browser does.
 */
export function useCurrentNav(nav: NavLink[]) {
  const pathname = usePathname();
  return nav.map((item) => ({
    href: item.href,
    label: item.label,
    current: item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`),
  }));
}
