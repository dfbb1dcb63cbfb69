import "server-only";

export { generateApiKey, hashApiKey, API_KEY_PREFIX, looksLikeApiKey } from "./api-key-format";
export { createApiKey, listApiKeys, revokeApiKey } from "./manage-api-keys";
export { authenticateApiKey, KEY_CACHE_TTL_MS, clearApiKeyCache, type AuthenticatedKey } from "./authenticate-api-key";
export { apiKeysChanged, onApiKeysChanged } from "./key-changes";
export { revokeKeysCreatedBy, type KeyRevocationReason } from "./revoke-member-keys";
