/**
 * What a credential looks like. Used on header values and on every structured field of
 * the body (never on message text: a prompt may legitimately quote anything).
 * Each rule has a name that a 400 can cite without echoing the value.
 *
 * The formats follow the public rule sets of secret scanners (gitleaks' rules are the
 * reference); ./secret-patterns.test.ts holds one match and one near miss per rule.
 */
import "server-only";

export const SECRET_VALUE_RULES: { rule: string; pattern: RegExp }[] = [
  { rule: "anthropic_key", pattern: /\bsk-ant-[A-Za-z0-9_-]{8,}/ },
  { rule: "openai_style_key", pattern: /\bsk-[A-Za-z0-9_-]{16,}/ },
  { rule: "stripe_key", pattern: /\b(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,99}\b/ },
  { rule: "auriko_key", pattern: /\bak_(live|test)_[A-Za-z0-9]{16,}/ },
  { rule: "aws_access_key", pattern: /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { rule: "aws_secret_key", pattern: /aws_secret_access_key|\b[A-Za-z0-9/+]{40}\b(?=.*aws)/i },
  { rule: "github_token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/ },
  { rule: "gitlab_token", pattern: /\bgl(?:pat|dt|ptt|rt|soat)-[A-Za-z0-9_-]{20,}/ },
  { rule: "google_api_key", pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { rule: "huggingface_token", pattern: /\b(?:hf_[A-Za-z]{34}|api_org_[A-Za-z]{34})\b/ },
  { rule: "npm_token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { rule: "groq_key", pattern: /\bgsk_[A-Za-z0-9]{20,}/ },
  { rule: "slack_token", pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}|\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+/ },
  { rule: "slack_webhook", pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{20,}/ },
  // An Entra ID (Azure AD) client secret: three characters, a digit, "Q~", then 31–34 more.
  { rule: "azure_client_secret", pattern: /(?:^|[\s'"`=:(,>])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?:$|[\s'"`<),])/ },
  { rule: "azure_storage_key", pattern: /\b(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{40,}={0,2}/ },
  { rule: "jwt", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { rule: "bearer_token", pattern: /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{12,}/i },
  { rule: "pem_private_key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/** `password=…`, `"api_key": "…"` and the like inside a value, where what is assigned looks random. */
const ASSIGNMENT =
  /(?:api[_-]?key|secret|token|passw(?:or)?d|access[_-]?key|client[_-]?secret|auth)[A-Za-z0-9_.-]{0,20}["']?\s*(?::=|=>|=|:)\s*["'`]?([A-Za-z0-9_\-.+/=~]{16,150})/gi;

export function secretRule(value: string): string | null {
  for (const { rule, pattern } of SECRET_VALUE_RULES) if (pattern.test(value)) return rule;
  if (value.length >= 20) {
    ASSIGNMENT.lastIndex = 0;
    for (let m = ASSIGNMENT.exec(value); m; m = ASSIGNMENT.exec(value)) if (looksRandom(m[1]!)) return "generic_credential";
  }
  return null;
}

/**
 * A value that reads like a generated secret: at least 16 characters, Shannon entropy of
 * 3.5 bits per character or more, and both letters and digits (words and slugs have less).
 */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || !/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits >= 3.5;
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
  "authorizationtoken", "connectionstring", "sastoken", "clientassertion",
]);

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, "");
}

export function isCredentialName(name: string): boolean {
  const n = normaliseName(name);
  return CREDENTIAL_NAMES.has(n) || n.endsWith("apikey") || n.endsWith("secretkey") || n.endsWith("accesstoken");
}
