import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/console/sign-out-button";
import { UserMenu } from "@/components/console/user-menu";
import { getCurrentUser } from "@/lib/auth/current-user";
import { operatorAccess } from "@/lib/console/operator-context";
import { OperatorShell, type OperatorNavLink } from "./operator-shell";

export const metadata: Metadata = { title: { template: "%s · Operator · Auriko", default: "Operator · Auriko" } };

const NAV: OperatorNavLink[] = [
  { href: "/operator", label: "Overview", exact: true },
  { href: "/operator/components", label: "Components" },
  { href: "/operator/incidents", label: "Incidents" },
  { href: "/operator/maintenance", label: "Maintenance" },
  { href: "/operator/audit", label: "Audit log" },
];

/**
 * The operator area's frame. Each page checks access again itself (layouts and pages render
 * independently); for anyone but an operator the whole area answers 404.
 */
export default async function OperatorLayout({ children }: { children: ReactNode }) {
  // Signed out: let the page send them to sign in with its own path for the return trip.
  if (!(await getCurrentUser())) return <>{children}</>;
  const me = await operatorAccess("/operator");
  return (
    <OperatorShell
      nav={me.mfaEnabled ? NAV : []}
      userMenu={
        <UserMenu
          name={me.name}
          email={me.email}
          links={[
            { href: "/w", label: "Workspaces" },
            { href: "/account", label: "Account" },
            { href: "/account/security", label: "Account security" },
          ]}
          footer={<SignOutButton />}
        />
      }
    >
      {children}
    </OperatorShell>
  );
}
