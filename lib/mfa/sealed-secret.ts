import "server-only";
import { open, seal, wipe } from "../vault";

/** TOTP secrets are sealed with the vault under the user's own scope. */
const scope = (userId: string) => ({ kind: "user" as const, id: userId });

export type TotpPurpose = "totp" | "totp-pending";

export async function sealTotpSecret(userId: string, purpose: TotpPurpose, secret: string): Promise<string> {
  const bytes = new TextEncoder().encode(secret);
  try {
    return await seal(scope(userId), { purpose }, bytes);
  } finally {
    await wipe(bytes);
  }
}

export async function openTotpSecret(userId: string, purpose: TotpPurpose, envelope: string): Promise<string> {
  const bytes = await open(scope(userId), { purpose }, envelope);
  try {
    return new TextDecoder().decode(bytes);
  } finally {
    await wipe(bytes);
  }
}
