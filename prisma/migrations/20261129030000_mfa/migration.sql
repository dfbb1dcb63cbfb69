-- TOTP multi-factor authentication, sign-in tickets, and the workspace MFA policy.

-- TOTP secrets are sealed by lib/vault under the user's scope (never plaintext/base32).
-- totp_last_step is the last accepted 30-second time step: a code is accepted only by
-- an update that raises it, so a code works once even under parallel requests.
ALTER TABLE users
  ADD COLUMN mfa_enabled_at      timestamptz(3),
  ADD COLUMN totp_secret_sealed  text CHECK (totp_secret_sealed LIKE 'v1.%'),
  ADD COLUMN totp_pending_sealed text CHECK (totp_pending_sealed LIKE 'v1.%'),
  ADD COLUMN totp_pending_at     timestamptz(3),
  ADD COLUMN totp_last_step      bigint;

-- Recovery codes: 120-bit random codes, stored as SHA-256, single use.
CREATE TABLE mfa_recovery_codes (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash  text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  used_at    timestamptz(3)
);
CREATE UNIQUE INDEX mfa_recovery_codes_user_hash_key ON mfa_recovery_codes (user_id, code_hash);

-- The interim state between a correct password and a session: a short-lived,
-- single-use ticket in an HttpOnly cookie. It is not a session and opens nothing.
CREATE TABLE sign_in_tickets (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash   text NOT NULL,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  mfa_required boolean NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  ip           text,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  expires_at   timestamptz(3) NOT NULL,
  consumed_at  timestamptz(3)
);
CREATE UNIQUE INDEX sign_in_tickets_token_hash_key ON sign_in_tickets (token_hash);
CREATE INDEX sign_in_tickets_expires_idx ON sign_in_tickets (expires_at);

CREATE TYPE "MfaPolicy" AS ENUM ('OFF', 'OWNERS_ADMINS', 'ALL');
ALTER TABLE workspaces ADD COLUMN mfa_policy "MfaPolicy" NOT NULL DEFAULT 'OFF';

GRANT SELECT, INSERT, UPDATE, DELETE ON mfa_recovery_codes, sign_in_tickets TO app_user;
