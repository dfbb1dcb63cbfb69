-- E-mail verification: when the address of an account was confirmed, and single-use
-- verification tokens (stored as SHA-256 only), modelled on password_reset_tokens.

-- NULL until the owner of the mailbox confirms it (a verification link, or accepting an
-- invitation sent to that address). Every path that creates a user sets it explicitly.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz(3);
-- Accounts made before the rule existed are taken as verified.
UPDATE users SET email_verified_at = created_at WHERE email_verified_at IS NULL;

-- Like password_reset_tokens, a verification token belongs to a user, not to a
-- workspace, so it carries no workspace_id and no tenant policy.
CREATE TABLE email_verification_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash    text NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  expires_at    timestamptz(3) NOT NULL,
  used_at       timestamptz(3),
  superseded_at timestamptz(3),
  ip            text,
  CHECK (expires_at > created_at)
);
CREATE UNIQUE INDEX email_verification_tokens_token_hash_key ON email_verification_tokens (token_hash);
CREATE INDEX email_verification_tokens_user_id_idx ON email_verification_tokens (user_id);
-- At most one usable link per user: issuing a new one supersedes the last in the same transaction.
CREATE UNIQUE INDEX email_verification_tokens_one_live_key ON email_verification_tokens (user_id)
  WHERE used_at IS NULL AND superseded_at IS NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON email_verification_tokens TO app_user;

-- The verification link is account-level mail (no workspace), like a password reset.
ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_account_kind_check;
ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_account_kind_check
  CHECK (workspace_id IS NOT NULL OR kind IN ('password_reset', 'security_notification', 'email_verification'));
