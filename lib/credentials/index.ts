import "server-only";

export {
  addCredential,
  deleteCredential,
  listCredentials,
  replaceCredential,
  rotateAllCredentials,
  testStoredCredential,
  withOpenedCredential,
  type RotationReport,
} from "./manage-credentials";
export { configuredProviders, createCredentialReader } from "./proxy-credentials";
