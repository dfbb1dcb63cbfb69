"use client";

import type { ReactNode } from "react";
import { ConsoleShell } from "./console-shell";
import { useCurrentNav, type NavLink } from "./use-current-nav";

export type WorkspaceNavLink = NavLink;

export type WorkspaceConsoleShellProps = {
  nav: WorkspaceNavLink[];
  switcher?: ReactNode;
  userMenu?: ReactNode;
  children: ReactNode;
};

/** ConsoleShell for a workspace, with the current nav item worked out from the URL. */
export function WorkspaceConsoleShell({ nav, switcher, userMenu, children }: WorkspaceConsoleShellProps) {
  return (
    <ConsoleShell nav={useCurrentNav(nav)} switcher={switcher} userMenu={userMenu} homeHref="/w">
      {children}
    </ConsoleShell>
  );
}
