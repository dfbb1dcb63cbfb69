import "server-only";
import { notFound, redirect } from "next/navigation";
import { requireUser } from "../auth/current-user";
import { AppError } from "../errors";
import { type Operator, requireOperator } from "../status/operator";

/**
 * For pages under /operator: anonymous → sign-in; signed in but not an operator → 404
 * (the area's existence is not revealed, as with another tenant's workspace); an operator
 * without two-factor authentication → the page that asks them to turn it on.
 */
export async function requireOperatorPage(path: string): Promise<Operator> {
  const user = await requireUser(path);
  try {
    return await requireOperator(user);
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    if (err instanceof AppError && err.code === "MFA_REQUIRED") redirect("/operator/two-factor");
    throw err;
  }
}

/** For the frame and the two-factor page: whether the signed-in user is an operator at all, and with TOTP. */
export async function operatorAccess(path: string): Promise<{ email: string; name: string | null; mfaEnabled: boolean }> {
  const user = await requireUser(path);
  try {
    const op = await requireOperator(user);
    return { email: op.email, name: user.name, mfaEnabled: true };
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    if (err instanceof AppError && err.code === "MFA_REQUIRED") return { email: user.email, name: user.name, mfaEnabled: false };
    throw err;
  }
}
