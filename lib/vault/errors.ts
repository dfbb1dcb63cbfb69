import "server-only";

export type VaultErrorCode =
  | "NO_KEY"
  | "MALFORMED"
  | "UNSUPPORTED_VERSION"
  | "UNKNOWN_KEY"
  | "AUTH_FAILED"
  | "BINDING_MISMATCH";

/** Every vault failure closes: nothing is returned, and the message never includes secret material. */
export class VaultError extends Error {
  constructor(readonly code: VaultErrorCode, message: string) {
    super(message);
    this.name = "VaultError";
  }
}
