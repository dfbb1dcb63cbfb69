-- Password recovery: single-use reset tokens (stored as SHA-256 only) and account-level
-- mail in the outbox.

-- Like sign_in_tickets and user_sessions, a reset token belongs to a user, not to a
-- workspace, so it carries no workspace_id and no tenant policy.
CREATE TABLE password_reset_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash    text NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  expires_at    timestamptz(3) NOT NULL,
  used_at       timestamptz(3),
  superseded_at timestamptz(3),
  requested_by  text NOT NULL CHECK (requested_by IN ('user', 'operator')),
  ip            text,
  CHECK (expires_at > created_at)
);
CREATE UNIQUE INDEX password_reset_tokens_token_hash_key ON password_reset_tokens (token_hash);
CREATE INDEX password_reset_tokens_user_id_idx ON password_reset_tokens (user_id);
-- At most one usable token per user: issuing a new one supersedes the last in the same transaction.
CREATE UNIQUE INDEX password_reset_tokens_one_live_key ON password_reset_tokens (user_id)
  WHERE used_at IS NULL AND superseded_at IS NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON password_reset_tokens TO app_user;

-- Account-level mail (a password reset) belongs to no workspace: workspace_id is NULL.
-- Such rows are invisible under a tenant context (NULL = x is never true) and visible
-- only under the narrow context app.account_outbox, which in turn shows no tenant row.
-- Only lib/db/privileged.ts sets it.
ALTER TABLE email_outbox ALTER COLUMN workspace_id DROP NOT NULL;
-- Only the kinds that are account-level by nature may go without a workspace.
ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_account_kind_check
  CHECK (workspace_id IS NOT NULL OR kind IN ('password_reset'));

CREATE FUNCTION app_account_outbox() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.account_outbox', true), '') = 'on' $$;
GRANT EXECUTE ON FUNCTION app_account_outbox() TO app_user;

DROP POLICY email_outbox_select ON email_outbox;
DROP POLICY email_outbox_insert ON email_outbox;
DROP POLICY email_outbox_update ON email_outbox;
DROP POLICY email_outbox_delete ON email_outbox;
CREATE POLICY email_outbox_select ON email_outbox FOR SELECT
  USING (workspace_id = app_workspace_id() OR (workspace_id IS NULL AND app_account_outbox()));
CREATE POLICY email_outbox_insert ON email_outbox FOR INSERT
  WITH CHECK (workspace_id = app_workspace_id() OR (workspace_id IS NULL AND app_account_outbox()));
CREATE POLICY email_outbox_update ON email_outbox FOR UPDATE
  USING (workspace_id = app_workspace_id() OR (workspace_id IS NULL AND app_account_outbox()))
  WITH CHECK (workspace_id = app_workspace_id() OR (workspace_id IS NULL AND app_account_outbox()));
CREATE POLICY email_outbox_delete ON email_outbox FOR DELETE
  USING (workspace_id = app_workspace_id() OR (workspace_id IS NULL AND app_account_outbox()));
