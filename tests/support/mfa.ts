import { generate } from "otplib";
import { confirmEnrolment, startEnrolment } from "../../lib/auth/mfa-settings";
import { principalOf } from "./workspace-fixture";

/** A TOTP code for `secret` at `epochSeconds` (default: now), as an authenticator app shows it. */
export function totpAt(secret: string, epochSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  return generate({ secret, epoch: epochSeconds });
}

/** Turns MFA on for a user through the enrolment service; returns the secret and recovery codes. */
export async function enableMfa(user: { id: string; email: string; password: string }) {
  const p = principalOf(user);
  const { secret } = await startEnrolment(p, { password: user.password });
  const { recoveryCodes } = await confirmEnrolment(p, { code: await totpAt(secret) });
  return { secret, recoveryCodes };
}
