-- BYOK provider credentials (sealed by lib/vault) and workspace API keys.

-- "Sudo mode": when the session last re-entered the password (or, later, a TOTP code)
-- for a sensitive action such as changing provider credentials.
ALTER TABLE user_sessions ADD COLUMN elevated_at timestamptz(3);

CREATE TABLE provider_credentials (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  provider      text NOT NULL,
  label         text NOT NULL DEFAULT '',
  -- v1.<masterKeyId>.<nonce>.<ciphertext>: never the key itself.
  sealed_key    text NOT NULL CHECK (sealed_key LIKE 'v1.%'),
  master_key_id text NOT NULL,
  last4         text NOT NULL,
  created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  rotated_by    uuid REFERENCES users (id) ON DELETE SET NULL,
  rotated_at    timestamptz(3)
);
CREATE INDEX provider_credentials_workspace_idx ON provider_credentials (workspace_id, provider);
CREATE UNIQUE INDEX provider_credentials_label_key ON provider_credentials (workspace_id, provider, label);
CREATE INDEX provider_credentials_master_key_idx ON provider_credentials (master_key_id);

ALTER TABLE provider_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider_credentials FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_credentials_select ON provider_credentials FOR SELECT USING (workspace_id = app_workspace_id());
CREATE POLICY provider_credentials_insert ON provider_credentials FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY provider_credentials_update ON provider_credentials FOR UPDATE
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY provider_credentials_delete ON provider_credentials FOR DELETE USING (workspace_id = app_workspace_id());

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         text NOT NULL,
  -- The first characters of the key, for recognising it in lists; the rest is only hashed.
  prefix       text NOT NULL,
  key_hash     text NOT NULL,
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  expires_at   timestamptz(3),
  last_used_at timestamptz(3),
  revoked_at   timestamptz(3),
  revoked_by   uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash);
CREATE INDEX api_keys_workspace_idx ON api_keys (workspace_id, created_at DESC);

CREATE FUNCTION app_api_key_hash() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.api_key_hash', true), '') $$;

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
-- app.api_key_hash: the proxy's lookup sees exactly the key whose hash it presents.
CREATE POLICY api_keys_select ON api_keys FOR SELECT
  USING (workspace_id = app_workspace_id() OR key_hash = app_api_key_hash());
CREATE POLICY api_keys_insert ON api_keys FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY api_keys_update ON api_keys FOR UPDATE
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY api_keys_delete ON api_keys FOR DELETE USING (workspace_id = app_workspace_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON provider_credentials, api_keys TO app_user;
GRANT EXECUTE ON FUNCTION app_api_key_hash() TO app_user;

-- Maintenance that visits every tenant in turn (master-key rotation) may list the
-- workspaces themselves, nothing else, under app.enumerate_workspaces.
CREATE POLICY workspaces_enumerate ON workspaces FOR SELECT
  USING (current_setting('app.enumerate_workspaces', true) = 'on');
