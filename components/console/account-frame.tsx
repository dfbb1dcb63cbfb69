import { SignOutButton } from "@/components/console/sign-out-button";
import { FocusLayout } from "@/components/focus-layout";
import { ButtonLink } from "@/components/ui";

/** The frame of the account pages: the focus layout with a way back to the console and sign-out. */
export function AccountFrame({ width, children }: { width: "md" | "lg"; children: React.ReactNode }) {
  return (
    <FocusLayout
      width={width}
      homeHref="/w"
      headerActions={
        <>
          <ButtonLink href="/w" variant="ghost" size="sm">
            Back to console
          </ButtonLink>
          <SignOutButton appearance="button" variant="ghost" />
        </>
      }
    >
      {children}
    </FocusLayout>
  );
}
