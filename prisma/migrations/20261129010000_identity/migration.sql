-- Identity and access: server-side sessions, brute-force counters, invitations,
-- the mail outbox and the append-only audit log.

ALTER TABLE users ADD COLUMN password_changed_at timestamptz(3) NOT NULL DEFAULT now();

-- One row per signed-in browser. The session cookie carries only the id; revoking
-- the row ends the session on the next request.
CREATE TABLE user_sessions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at   timestamptz(3) NOT NULL,
  revoked_at   timestamptz(3),
  ip           text,
  user_agent   text
);
CREATE INDEX user_sessions_user_id_idx ON user_sessions (user_id);

-- Failure counters for the brute-force guard, shared by every instance.
-- Keys are scope:kind:digest (an email is never stored here, only its hash).
CREATE TABLE auth_throttle (
  key             text PRIMARY KEY,
  failures        integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz(3) NOT NULL DEFAULT now(),
  blocked_until   timestamptz(3)
);
CREATE INDEX auth_throttle_last_failure_idx ON auth_throttle (last_failure_at);

CREATE TABLE invitations (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  email        text NOT NULL,
  role         "Role" NOT NULL,
  token_hash   text NOT NULL,
  invited_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  expires_at   timestamptz(3) NOT NULL,
  accepted_at  timestamptz(3),
  accepted_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  revoked_at   timestamptz(3),
  created_at   timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);
CREATE INDEX invitations_workspace_id_idx ON invitations (workspace_id);

CREATE FUNCTION app_invite_token_hash() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.invite_token_hash', true), '') $$;

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
-- The narrow context app.invite_token_hash lets the invitee's request see exactly
-- the one invitation whose token it holds.
CREATE POLICY invitations_select ON invitations FOR SELECT
  USING (workspace_id = app_workspace_id() OR token_hash = app_invite_token_hash());
CREATE POLICY invitations_insert ON invitations FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY invitations_update ON invitations FOR UPDATE
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY invitations_delete ON invitations FOR DELETE USING (workspace_id = app_workspace_id());

-- Mail waiting for a transport. No SMTP is configured by default; the console shows
-- invitation links to the inviter, and an operator's mailer drains this table.
CREATE TABLE email_outbox (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  to_email     text NOT NULL,
  subject      text NOT NULL,
  body         text NOT NULL,
  kind         text NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  sent_at      timestamptz(3)
);
CREATE INDEX email_outbox_unsent_idx ON email_outbox (created_at) WHERE sent_at IS NULL;

ALTER TABLE email_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY email_outbox_select ON email_outbox FOR SELECT USING (workspace_id = app_workspace_id());
CREATE POLICY email_outbox_insert ON email_outbox FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY email_outbox_update ON email_outbox FOR UPDATE
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY email_outbox_delete ON email_outbox FOR DELETE USING (workspace_id = app_workspace_id());

-- Append-only: the runtime role may insert and read, never change or remove.
CREATE TABLE audit_events (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  actor_user_id uuid,
  actor_email   text,
  action        text NOT NULL,
  target_type   text,
  target_id     text,
  target_label  text,
  ip            text,
  details       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_workspace_created_idx ON audit_events (workspace_id, created_at DESC);
CREATE INDEX audit_events_workspace_action_idx ON audit_events (workspace_id, action, created_at DESC);

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_select ON audit_events FOR SELECT USING (workspace_id = app_workspace_id());
CREATE POLICY audit_events_insert ON audit_events FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
-- No UPDATE or DELETE is granted; these policies deny even if a grant were added by mistake.
CREATE POLICY audit_events_update ON audit_events FOR UPDATE USING (false) WITH CHECK (false);
CREATE POLICY audit_events_delete ON audit_events FOR DELETE USING (false);

-- A workspace always keeps at least one Owner. Checked at commit time so that an
-- ownership transfer (promote, then demote) inside one transaction works; skipped
-- when the workspace itself is being deleted.
CREATE FUNCTION memberships_keep_an_owner() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.role = 'OWNER'
     AND EXISTS (SELECT 1 FROM workspaces w WHERE w.id = OLD.workspace_id)
     AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = OLD.workspace_id AND m.role = 'OWNER') THEN
    RAISE EXCEPTION 'a workspace must keep at least one owner' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER memberships_keep_an_owner
  AFTER UPDATE OF role OR DELETE ON memberships
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION memberships_keep_an_owner();

GRANT SELECT, INSERT, UPDATE, DELETE ON user_sessions, auth_throttle, invitations, email_outbox TO app_user;
GRANT SELECT, INSERT ON audit_events TO app_user;
GRANT EXECUTE ON FUNCTION app_invite_token_hash() TO app_user;
