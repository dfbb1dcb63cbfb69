-- Identity and tenancy: users, workspaces, memberships, with row-level security.
-- Tenant context is transaction-local: set_config('app.workspace_id', <uuid>, true).
-- `app.user_id` is a narrower context that lets a user see their own memberships.

CREATE TYPE "Role" AS ENUM ('OWNER', 'ADMIN', 'MEMBER');

CREATE FUNCTION app_workspace_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.workspace_id', true), '')::uuid $$;

CREATE FUNCTION app_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL,
  name          text,
  password_hash text NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE workspaces (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug       text NOT NULL,
  name       text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX workspaces_slug_key ON workspaces (slug);

CREATE TABLE memberships (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role         "Role" NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX memberships_workspace_id_user_id_key ON memberships (workspace_id, user_id);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);

ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspaces FORCE ROW LEVEL SECURITY;
CREATE POLICY workspaces_select ON workspaces FOR SELECT
  USING (id = app_workspace_id() OR id IN (SELECT m.workspace_id FROM memberships m WHERE m.user_id = app_user_id()));
CREATE POLICY workspaces_insert ON workspaces FOR INSERT WITH CHECK (id = app_workspace_id());
CREATE POLICY workspaces_update ON workspaces FOR UPDATE
  USING (id = app_workspace_id()) WITH CHECK (id = app_workspace_id());
CREATE POLICY workspaces_delete ON workspaces FOR DELETE USING (id = app_workspace_id());

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_select ON memberships FOR SELECT
  USING (workspace_id = app_workspace_id() OR user_id = app_user_id());
CREATE POLICY memberships_insert ON memberships FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY memberships_update ON memberships FOR UPDATE
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY memberships_delete ON memberships FOR DELETE USING (workspace_id = app_workspace_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON users, workspaces, memberships TO app_user;
GRANT EXECUTE ON FUNCTION app_workspace_id(), app_user_id() TO app_user;
