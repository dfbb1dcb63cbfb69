import type { Metadata } from "next";
import { Alert, ButtonLink, PageHeader } from "@/components/ui";
import { operatorAccess } from "@/lib/console/operator-context";

export const metadata: Metadata = { title: "Two-factor authentication required" };

/** Where an operator without TOTP lands: the area holds every tenant's notices and the public status page. */
export default async function OperatorTwoFactorPage() {
  const me = await operatorAccess("/operator/two-factor");
  return (
    <>
      <PageHeader title="Operator area" description="Incidents, maintenance, the status page's components and security notices." />
      {me.mfaEnabled ? (
        <Alert variant="success" title="Two-factor authentication is on" actions={<ButtonLink href="/operator">Go to the operator area</ButtonLink>} />
      ) : (
        <Alert
          variant="warning"
          title="Turn on two-factor authentication to continue"
          actions={<ButtonLink href="/account/security">Set up two-factor authentication</ButtonLink>}
        >
          Operators change what every customer sees and send security notices to every affected workspace, so the operator
          area asks for an authenticator app on top of your password.
        </Alert>
      )}
    </>
  );
}
