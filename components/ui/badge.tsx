import type { ReactNode } from "react";
import { cn } from "./cn";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger" | "brand";

// Text/background pairings: >= 5.8:1 in light mode, >= 10:1 in dark mode (WCAG AA needs 4.5).
const tones: Record<BadgeTone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600",
  info: "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800",
  warning: "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800",
  danger: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-800",
  brand: "bg-brand-50 text-brand-700 ring-brand-200 dark:bg-brand-950 dark:text-brand-200 dark:ring-brand-800",
};

export type BadgeProps = { tone?: BadgeTone; children: ReactNode; className?: string };

export function Badge({ tone = "neutral", children, className }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

export type WorkspaceRole = "OWNER" | "ADMIN" | "MEMBER";

const roleTone: Record<WorkspaceRole, BadgeTone> = { OWNER: "brand", ADMIN: "info", MEMBER: "neutral" };
const roleLabel: Record<WorkspaceRole, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };

/** Owner / Admin / Member, with a consistent colour per role. */
export function RoleBadge({ role, className }: { role: WorkspaceRole; className?: string }) {
  return (
    <Badge tone={roleTone[role]} className={className}>
      {roleLabel[role]}
    </Badge>
  );
}

export type StatusKind = "active" | "revoked" | "expired" | "pending" | "operational" | "degraded" | "outage";

const statusTone: Record<StatusKind, BadgeTone> = {
  active: "success",
  operational: "success",
  pending: "warning",
  degraded: "warning",
  revoked: "danger",
  expired: "neutral",
  outage: "danger",
};

/** A status word in its tone; the text (not only the colour) carries the meaning. */
export function StatusBadge({ status, children, className }: { status: StatusKind; children?: ReactNode; className?: string }) {
  return (
    <Badge tone={statusTone[status]} className={className}>
      <span aria-hidden="true" className="mr-1.5 size-1.5 rounded-full bg-current" />
      {children ?? status.charAt(0).toUpperCase() + status.slice(1)}
    </Badge>
  );
}
