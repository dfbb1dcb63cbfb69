"use client";

import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/console/console-shell";
import { useCurrentNav, type NavLink } from "@/components/console/use-current-nav";

export type OperatorNavLink = NavLink;

/** The console frame for the operator area, with the current page worked out from the URL. */
export function OperatorShell({ nav, userMenu, children }: { nav: OperatorNavLink[]; userMenu: ReactNode; children: ReactNode }) {
  return (
    <ConsoleShell
      nav={useCurrentNav(nav)}
      navLabel="Operator"
      homeHref="/operator"
      userMenu={userMenu}
      switcher={<p className="px-3 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Operator area</p>}
    >
      {children}
    </ConsoleShell>
  );
}
