"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleShell } from "./console-shell";

export type WorkspaceNavLink = {
  href: string;
  label: string;
  /** Current only on this exact path (the overview), not on pages below it. */
  exact?: boolean;
};

export type WorkspaceConsoleShellProps = {
  nav: WorkspaceNavLink[];
  switcher?: ReactNode;
  userMenu?: ReactNode;
  children: ReactNode;
};

/**
 * ConsoleShell with the current nav item worked out from the URL: a layout does not
 * know which of its pages is showing, the browser does.
 */
export function WorkspaceConsoleShell({ nav, switcher, userMenu, children }: WorkspaceConsoleShellProps) {
  const pathname = usePathname();
  const items = nav.map((item) => ({
    href: item.href,
    label: item.label,
    current: item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`),
  }));
  return (
    <ConsoleShell nav={items} switcher={switcher} userMenu={userMenu} homeHref="/w">
      {children}
    </ConsoleShell>
  );
}
