/**
 * What a credential looks like. Used on header values and on passthrough fields of
 * the body (never on message text: a prompt may legitimately quote anything).
 * Each rule has a name that a 400 can cite without echoing the value.
 */
import "server-only";

export const SECRET_VALUE_RULES: { rule: string; pattern: RegExp }[] = [
  { rule: "anthropic_key", pattern: /\bsk-ant-[A-Za-z0-9_-]{8,}/ },
  { rule: "openai_style_key", pattern: /\bsk-[A-Za-z0-9_-]{16,}/ },
  { rule: "auriko_key", pattern: /\bak_(live|test)_[A-Za-z0-9]{16,}/ },
  { rule: "aws_access_key", pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { rule: "aws_secret_key", pattern: /aws_secret_access_key|\b[A-Za-z0-9/+]{40}\b(?=.*aws)/i },
  { rule: "github_token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/ },
  { rule: "google_api_key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { rule: "groq_key", pattern: /\bgsk_[A-Za-z0-9]{20,}/ },
  { rule: "slack_token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { rule: "jwt", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { rule: "bearer_token", pattern: /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{12,}/i },
  { rule: "pem_private_key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

export function secretRule(value: string): string | null {
  for (const { rule, pattern } of SECRET_VALUE_RULES) if (pattern.test(value)) return rule;
  return null;
}

/**
 * Field or header names that carry credentials or redirect traffic. Compared after
 * lowercasing and removing `-`, `_` and spaces, so `Api-Key`, `api_key` and `APIKEY`
 * are one name.
 */
const CREDENTIAL_NAMES = new Set([
  "apikey", "xapikey", "key", "secret", "secretkey", "clientsecret", "password", "passwd", "passphrase",
  "token", "accesstoken", "refreshtoken", "idtoken", "sessiontoken", "authtoken", "bearer",
  "authorization", "proxyauthorization", "auth", "credential", "credentials", "cookie", "setcookie",
  "headers", "extraheaders", "defaultheaders", "extrabody", "extraquery",
  "baseurl", "apibase", "apiurl", "endpoint", "endpointurl", "host", "proxy", "proxyurl", "azureendpoint",
  "awsaccesskeyid", "awssecretaccesskey", "awssessiontoken", "privatekey", "serviceaccount",
  "openaiapikey", "anthropicapikey", "xgoogapikey", "xgoogleapikey", "xauthtoken", "xaccesstoken",
]);

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, "");
}

export function isCredentialName(name: string): boolean {
  const n = normaliseName(name);
  return CREDENTIAL_NAMES.has(n) || n.endsWith("apikey") || n.endsWith("secretkey") || n.endsWith("accesstoken");
}
