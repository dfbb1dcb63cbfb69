"use client";

import { signOut } from "next-auth/react";
import { useState, type ReactNode } from "react";
import { Button, type ButtonProps } from "../ui/button";
import { cn } from "../ui/cn";
import { dropdownItemClasses } from "../ui/dropdown";

export type SignOutButtonProps = {
  /** Where to land afterwards (default: the sign-in page with a "signed out" note). */
  callbackUrl?: string;
  /** "menu" looks like a dropdown item (for UserMenu's footer); "button" is a regular button. */
  appearance?: "menu" | "button";
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  children?: ReactNode;
};

/** Signs out through next-auth (a POST that also ends the server-side session), then navigates away. */
export function SignOutButton({
  callbackUrl = "/login?reason=signed-out",
  appearance = "menu",
  variant = "secondary",
  size = "sm",
  children = "Sign out",
}: SignOutButtonProps) {
  const [pending, setPending] = useState(false);

  async function onClick() {
    setPending(true);
    try {
      await signOut({ callbackUrl });
    } catch {
      setPending(false);
    }
  }

  if (appearance === "menu") {
    return (
      <button
        type="button"
        onClick={onClick}
        disabled={pending}
        aria-busy={pending || undefined}
        className={cn(dropdownItemClasses, "disabled:opacity-60")}
      >
        {pending ? "Signing out…" : children}
      </button>
    );
  }
  return (
    <Button variant={variant} size={size} onClick={onClick} loading={pending} loadingLabel="Signing out…">
      {children}
    </Button>
  );
}
