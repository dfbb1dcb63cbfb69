import "server-only";

export { seal, open, wipe, resealIfStale, envelopeKeyId, type Binding } from "./envelope";
export { deriveScopeKey, scopeContext, type VaultScope } from "./derive-scope-key";
export { masterKeys, keyIdOf, type MasterKeyRing } from "./master-keys";
export { VaultError, type VaultErrorCode } from "./errors";
