import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "../ui/cn";
import { Dropdown, dropdownItemClasses } from "../ui/dropdown";

export type UserMenuProps = {
  name?: string | null;
  email: string;
  /** Links such as { href: "/account/security", label: "Account security" }. */
  links?: { href: string; label: string }[];
  /**
   * Last entry, typically the sign-out control: a <form action={signOutAction}> with a
   * <button className={dropdownItemClasses}>, so signing out is a POST, not a link.
   */
  footer?: ReactNode;
};

/** The signed-in user's menu for ConsoleShell's `userMenu` slot; opens upwards from the sidebar bottom. */
export function UserMenu({ name, email, links = [], footer }: UserMenuProps) {
  const display = name?.trim() || email;
  return (
    <Dropdown
      side="top"
      className="w-full"
      panelClassName="w-full min-w-60"
      summaryClassName={cn(
        "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left",
        "hover:bg-white dark:hover:bg-slate-800",
      )}
      summary={
        <>
          <span
            aria-hidden="true"
            className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white uppercase"
          >
            {display.charAt(0)}
          </span>
          <span className="min-w-0 flex-1">
            <span className="sr-only">Account menu for </span>
            <span className="block truncate text-sm font-medium text-slate-900 dark:text-white">{display}</span>
          </span>
        </>
      }
    >
      <p className="truncate px-3 pt-2 pb-1 text-xs text-slate-600 dark:text-slate-400">{email}</p>
      {links.length > 0 ? (
        <ul>
          {links.map((l) => (
            <li key={l.href}>
              <Link href={l.href} className={dropdownItemClasses}>
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {footer ? <div className="mt-1 border-t border-slate-200 pt-1 dark:border-slate-700">{footer}</div> : null}
    </Dropdown>
  );
}
