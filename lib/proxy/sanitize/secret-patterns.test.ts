import { describe, expect, it } from "vitest";
import { SECRET_VALUE_RULES, isCredentialName, looksRandom, secretRule } from "./secret-patterns";

/** A run of `n` characters drawn from `alphabet`, the same every time (no randomness in tests). */
function run(alphabet: string, n: number, seed = 7): string {
  let s = "";
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += alphabet[x % alphabet.length];
  }
  return s;
}
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPERNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Per rule: a value it must catch, and a near miss it must let through. */
const TABLE: { rule: string; positive: string; nearMiss: string }[] = [
  { rule: "anthropic_key", positive: `sk-ant-api03-${run(ALNUM, 40)}`, nearMiss: "sk-ant-short" },
  { rule: "openai_style_key", positive: `sk-proj-${run(ALNUM, 48)}`, nearMiss: "sk-too-short-1" },
  { rule: "stripe_key", positive: `sk_live_${run(ALNUM, 24)}`, nearMiss: `sk_demo_${run(ALNUM, 24)}` },
  { rule: "stripe_key", positive: `rk_live_${run(ALNUM, 24, 3)}`, nearMiss: "rk_live_short" },
  { rule: "auriko_key", positive: `ak_live_${run(ALNUM, 32)}`, nearMiss: `ak_beta_${run(ALNUM, 32)}` },
  { rule: "aws_access_key", positive: `AKIA${run(UPPERNUM, 16)}`, nearMiss: `AKIA${run(UPPERNUM, 12)}` },
  { rule: "aws_secret_key", positive: "aws_secret_access_key", nearMiss: "aws_region" },
  { rule: "github_token", positive: `ghp_${run(ALNUM, 36)}`, nearMiss: `ghx_${run(ALNUM, 36)}` },
  { rule: "github_token", positive: `github_pat_${run(ALNUM, 22)}_${run(ALNUM, 59)}`, nearMiss: "github_pat_short" },
  { rule: "gitlab_token", positive: `glpat-${run(ALNUM, 20)}`, nearMiss: `glpat-${run(ALNUM, 12)}` },
  { rule: "google_api_key", positive: `AIza${run(ALNUM, 35)}`, nearMiss: `AIza${run(ALNUM, 30)}` },
  { rule: "huggingface_token", positive: `hf_${run(LOWER + LOWER.toUpperCase(), 34)}`, nearMiss: `hf_${run(ALNUM, 20)}` },
  { rule: "npm_token", positive: `npm_${run(ALNUM, 36)}`, nearMiss: `npm_${run(ALNUM, 20)}` },
  { rule: "groq_key", positive: `gsk_${run(ALNUM, 52)}`, nearMiss: "gsk_short" },
  { rule: "slack_token", positive: `xoxb-${run("0123456789", 12)}-${run(ALNUM, 24)}`, nearMiss: "xoxz-1234567890-abc" },
  { rule: "slack_webhook", positive: `https://hooks.slack.com/services/T${run(UPPERNUM, 8)}/B${run(UPPERNUM, 8)}/${run(ALNUM, 24)}`, nearMiss: "https://hooks.slack.com/about" },
  { rule: "azure_client_secret", positive: `secret=${run(ALNUM, 3)}8Q~${run(ALNUM, 34)}`, nearMiss: `${run(ALNUM, 3)}8Q-${run(ALNUM, 34)}` },
  { rule: "azure_storage_key", positive: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${run(ALNUM, 86)}==`, nearMiss: "AccountName=acme;EndpointSuffix=core.windows.net" },
  { rule: "jwt", positive: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", nearMiss: "eyJhbGciOiJIUzI1NiJ9" },
  { rule: "bearer_token", positive: `Bearer ${run(ALNUM, 32)}`, nearMiss: "bearer of bad news" },
  { rule: "pem_private_key", positive: "-----BEGIN EC PRIVATE KEY-----", nearMiss: "-----BEGIN CERTIFICATE-----" },
  { rule: "generic_credential", positive: `password=${run(ALNUM, 24)}`, nearMiss: "password=correcthorsebattery" },
  { rule: "generic_credential", positive: `{"client_secret": "${run(ALNUM, 32)}"}`, nearMiss: `{"client_secret_label": "production"}` },
];

describe("the secret detector", () => {
  it.each(TABLE)("$rule: catches its format and lets the near miss through", ({ rule, positive, nearMiss }) => {
    expect(secretRule(positive)).toBe(rule);
    expect(secretRule(`see ${positive} here`)).toBe(rule);
    expect(secretRule(nearMiss)).toBeNull();
  });

  it("every rule is in the table", () => {
    const tested = new Set(TABLE.map((t) => t.rule));
    for (const { rule } of SECRET_VALUE_RULES) expect(tested, rule).toContain(rule);
  });

  it("ordinary structured values pass", () => {
    for (const v of ["gpt-4o-mini", "json_schema", "auto", "get_weather", "The city, e.g. Paris", "2026-12-07T10:00:00Z", "user-1234", "none", "sk-learn"]) {
      expect(secretRule(v), v).toBeNull();
    }
  });

  it("looksRandom separates generated secrets from words and slugs", () => {
    expect(looksRandom(run(ALNUM, 24))).toBe(true);
    expect(looksRandom("my-workspace-production")).toBe(false);
    expect(looksRandom("aaaaaaaaaaaaaaaaaaaa1")).toBe(false);
    expect(looksRandom("short1")).toBe(false);
  });

  it("credential names are matched across spelling", () => {
    for (const n of ["api_key", "Api-Key", "APIKEY", "x-goog-api-key", "authorization_token", "connection_string", "client_secret"]) expect(isCredentialName(n), n).toBe(true);
    for (const n of ["name", "description", "type", "keyword", "monkey_count"]) expect(isCredentialName(n), n).toBe(false);
  });
});
