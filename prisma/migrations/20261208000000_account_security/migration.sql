-- Account protection: device cookies at sign-in, and account-level security events with
-- their notifications.

-- The device cookie presented with a correct password (its id, when the cookie was valid
-- for this account), so that completing the sign-in knows whether the device is new.
ALTER TABLE sign_in_tickets ADD COLUMN device_id uuid;

-- Security events of one account (a new device signed in, MFA turned on or off, a role
-- changed, ...). Like user_sessions and sign_in_tickets the rows belong to a user, not to
-- a workspace, so they carry no workspace_id and no tenant policy; the services read them
-- for the signed-in user only. The runtime role may only insert and read: the table is
-- append-only, like the audit log (rows go when their user is deleted, by the cascade).
-- `details` holds small non-secret facts (a workspace name, a role, an API key's label and
-- prefix): never a password, code, token or key.
CREATE TABLE account_security_events (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{1,63}$'),
  ip           text,
  user_agent   text,
  device_label text,
  details      jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  -- When the notification e-mail was queued; NULL when the per-kind rate limit held it back.
  emailed_at   timestamptz(3)
);
CREATE INDEX account_security_events_user_created_idx ON account_security_events (user_id, created_at DESC);
CREATE INDEX account_security_events_emailed_idx ON account_security_events (user_id, kind, emailed_at DESC)
  WHERE emailed_at IS NOT NULL;

GRANT SELECT, INSERT ON account_security_events TO app_user;

-- Security notifications are account-level mail (no workspace), like a password reset.
ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_account_kind_check;
ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_account_kind_check
  CHECK (workspace_id IS NOT NULL OR kind IN ('password_reset', 'security_notification'));
