import "server-only";
import { env } from "../env";

/** The console's public origin (as in invitation links), for snippets shown to users. */
export function publicOrigin(): string {
  const e = env();
  return (e.AURIKO_PUBLIC_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}
