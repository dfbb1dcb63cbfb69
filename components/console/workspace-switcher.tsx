"use client";

import Link from "next/link";
import { useId } from "react";
import { RoleBadge, type WorkspaceRole } from "../ui/badge";
import { cn } from "../ui/cn";
import { Dropdown, dropdownItemClasses } from "../ui/dropdown";

export type WorkspaceSummary = { slug: string; name: string; role: WorkspaceRole };

export type WorkspaceSwitcherProps = {
  current: { slug: string; name: string };
  /** Every workspace the user belongs to (the current one included). */
  workspaces: WorkspaceSummary[];
};

function workspaceHref(slug: string): string {
  return `/w/${encodeURIComponent(slug)}`;
}

/** Disclosure listing the user's workspaces (links to /w/<slug>) and "Create workspace". Presentational only. */
export function WorkspaceSwitcher({ current, workspaces }: WorkspaceSwitcherProps) {
  const listLabelId = useId();
  return (
    <Dropdown
      className="w-full"
      panelClassName="w-full min-w-64"
      summaryClassName={cn(
        "flex w-full items-center gap-3 rounded-md border border-slate-300 bg-white px-3 py-2 text-left shadow-sm",
        "hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-950 dark:hover:bg-slate-800",
      )}
      summary={
        <>
          <span className="min-w-0 flex-1">
            <span className="block text-xs text-slate-600 dark:text-slate-400">Workspace</span>
            <span className="block truncate text-sm font-medium text-slate-900 dark:text-white">{current.name}</span>
          </span>
          <svg
            viewBox="0 0 20 20"
            className="size-4 shrink-0 text-slate-600 transition-transform group-open:rotate-180 dark:text-slate-400"
            aria-hidden="true"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <path d="m5 8 5 5 5-5" />
          </svg>
        </>
      }
    >
      <p id={listLabelId} className="px-3 pt-2 pb-1 text-xs font-semibold text-slate-600 dark:text-slate-400">
        Your workspaces
      </p>
      <ul aria-labelledby={listLabelId} className="max-h-72 overflow-y-auto">
        {workspaces.map((w) => {
          const isCurrent = w.slug === current.slug;
          return (
            <li key={w.slug}>
              <Link
                href={workspaceHref(w.slug)}
                aria-current={isCurrent ? "true" : undefined}
                className={cn(dropdownItemClasses, "justify-between", isCurrent && "bg-slate-100 dark:bg-slate-800")}
              >
                <span className="min-w-0 truncate">
                  {w.name}
                  {isCurrent ? <span className="sr-only"> (current)</span> : null}
                </span>
                <RoleBadge role={w.role} />
              </Link>
            </li>
          );
        })}
      </ul>
      <div className="mt-1 border-t border-slate-200 pt-1 dark:border-slate-700">
        <Link href="/workspaces/new" className={cn(dropdownItemClasses, "font-medium text-brand-700 dark:text-brand-300")}>
          <span aria-hidden="true">+</span> Create workspace
        </Link>
      </div>
    </Dropdown>
  );
}
