"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/console/console-shell";

export type OperatorNavLink = { href: string; label: string; exact?: boolean };

/** The console frame for the operator area, with the current page worked out from the URL. */
export function OperatorShell({ nav, userMenu, children }: { nav: OperatorNavLink[]; userMenu: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  const items = nav.map((item) => ({
    href: item.href,
    label: item.label,
    current: item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`),
  }));
  return (
    <ConsoleShell
      nav={items}
      navLabel="Operator"
      homeHref="/operator"
      userMenu={userMenu}
      switcher={<p className="px-3 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Operator area</p>}
    >
      {children}
    </ConsoleShell>
  );
}
