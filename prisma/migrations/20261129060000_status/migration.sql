-- Public status page, incidents, maintenance windows and security-incident notices.
-- Status tables are platform-level (no workspace_id): they hold component states,
-- aggregated per-provider proxy outcomes and operator-written text, never tenant data.
-- The only tenant tables here are the notices a workspace receives, guarded by RLS.

ALTER TABLE users ADD COLUMN is_operator boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN operator_granted_at timestamptz(3);

CREATE TABLE status_components (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key            text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9:-]{1,64}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  description    text NOT NULL DEFAULT '' CHECK (length(description) <= 300),
  kind           text NOT NULL CHECK (kind IN ('console', 'api', 'provider')),
  provider       text CHECK (provider IS NULL OR provider ~ '^[a-z0-9-]{1,32}$'),
  position       integer NOT NULL DEFAULT 0,
  hidden         boolean NOT NULL DEFAULT false,
  -- An operator's manual state; NULL means "derive it from signals, incidents and maintenance".
  override_state text CHECK (override_state IS NULL OR override_state IN
                   ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  updated_at     timestamptz(3) NOT NULL DEFAULT now(),
  CHECK ((kind = 'provider') = (provider IS NOT NULL))
);

-- One observed state per component per 5-minute slot. Idempotent across instances
-- (the first writer of a slot wins), 90 days x 288 slots per component.
CREATE TABLE status_samples (
  component_id uuid NOT NULL REFERENCES status_components (id) ON DELETE CASCADE,
  slot         timestamptz(0) NOT NULL,
  state        text NOT NULL CHECK (state IN
                 ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
  PRIMARY KEY (component_id, slot)
);
CREATE INDEX status_samples_slot_idx ON status_samples (slot);

-- The proxy's upstream outcomes per provider and minute, summed over every tenant.
CREATE TABLE provider_health (
  provider        text NOT NULL CHECK (provider ~ '^[a-z0-9-]{1,32}$'),
  minute          timestamptz(0) NOT NULL,
  requests        integer NOT NULL DEFAULT 0 CHECK (requests >= 0),
  upstream_errors integer NOT NULL DEFAULT 0 CHECK (upstream_errors >= 0),
  PRIMARY KEY (provider, minute)
);

CREATE TABLE status_incidents (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  status                 text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  impact                 text NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
  -- Private incidents (e.g. a security incident under investigation) stay off the public page.
  is_public              boolean NOT NULL DEFAULT true,
  started_at             timestamptz(3) NOT NULL DEFAULT now(),
  resolved_at            timestamptz(3),
  created_by             uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at             timestamptz(3) NOT NULL DEFAULT now(),
  updated_at             timestamptz(3) NOT NULL DEFAULT now(),
  -- Security incidents: confirmation starts the 72-hour notification clock.
  is_security            boolean NOT NULL DEFAULT false,
  confirmed_at           timestamptz(3),
  notify_deadline        timestamptz(3),
  affected_workspace_ids uuid[] NOT NULL DEFAULT '{}',
  notice_scope           text NOT NULL DEFAULT '' CHECK (length(notice_scope) <= 4000),
  notice_impact          text NOT NULL DEFAULT '' CHECK (length(notice_impact) <= 4000),
  notice_remediation     text NOT NULL DEFAULT '' CHECK (length(notice_remediation) <= 4000),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK (notify_deadline IS NULL OR (confirmed_at IS NOT NULL AND notify_deadline = confirmed_at + interval '72 hours')),
  CHECK (is_security OR (confirmed_at IS NULL AND cardinality(affected_workspace_ids) = 0))
);
CREATE INDEX status_incidents_started_idx ON status_incidents (started_at DESC);

CREATE TABLE status_incident_components (
  incident_id  uuid NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
  component_id uuid NOT NULL REFERENCES status_components (id) ON DELETE CASCADE,
  state        text NOT NULL CHECK (state IN ('degraded_performance', 'partial_outage', 'major_outage')),
  PRIMARY KEY (incident_id, component_id)
);

CREATE TABLE status_incident_updates (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
  status      text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX status_incident_updates_incident_idx ON status_incident_updates (incident_id, created_at);

CREATE TABLE status_maintenances (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  starts_at    timestamptz(3) NOT NULL,
  ends_at      timestamptz(3) NOT NULL,
  cancelled_at timestamptz(3),
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  updated_at   timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX status_maintenances_window_idx ON status_maintenances (starts_at, ends_at);

CREATE TABLE status_maintenance_components (
  maintenance_id uuid NOT NULL REFERENCES status_maintenances (id) ON DELETE CASCADE,
  component_id   uuid NOT NULL REFERENCES status_components (id) ON DELETE CASCADE,
  PRIMARY KEY (maintenance_id, component_id)
);

-- Append-only record of everything operators do (platform-level, like the workspace audit log).
CREATE TABLE operator_audit_events (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  actor_user_id uuid,
  actor_email  text,
  action       text NOT NULL CHECK (action ~ '^[a-z_.]{1,60}$'),
  target_type  text,
  target_id    text,
  target_label text,
  ip           text,
  details      jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX operator_audit_events_created_idx ON operator_audit_events (created_at DESC);

-- What an affected workspace is told about a security incident.
CREATE TABLE security_notices (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  incident_id  uuid NOT NULL REFERENCES status_incidents (id) ON DELETE CASCADE,
  title        text NOT NULL,
  scope        text NOT NULL,
  impact       text NOT NULL,
  remediation  text NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  updated_at   timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, incident_id)
);
ALTER TABLE security_notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE security_notices FORCE ROW LEVEL SECURITY;
CREATE POLICY security_notices_select ON security_notices FOR SELECT USING (workspace_id = app_workspace_id());
CREATE POLICY security_notices_insert ON security_notices FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY security_notices_update ON security_notices FOR UPDATE
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY security_notices_delete ON security_notices FOR DELETE USING (false);

-- One row per Owner/Admin told about a notice: the email queued for them and when they read it.
CREATE TABLE security_notice_recipients (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  notice_id    uuid NOT NULL REFERENCES security_notices (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email        text NOT NULL,
  role         text NOT NULL CHECK (role IN ('OWNER', 'ADMIN')),
  outbox_id    uuid REFERENCES email_outbox (id) ON DELETE SET NULL,
  notified_at  timestamptz(3) NOT NULL DEFAULT now(),
  read_at      timestamptz(3),
  UNIQUE (notice_id, user_id)
);
CREATE INDEX security_notice_recipients_user_idx ON security_notice_recipients (user_id);
ALTER TABLE security_notice_recipients ENABLE ROW LEVEL SECURITY;
ALTER TABLE security_notice_recipients FORCE ROW LEVEL SECURITY;
CREATE POLICY security_notice_recipients_select ON security_notice_recipients FOR SELECT
  USING (workspace_id = app_workspace_id());
CREATE POLICY security_notice_recipients_insert ON security_notice_recipients FOR INSERT
  WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY security_notice_recipients_update ON security_notice_recipients FOR UPDATE
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY security_notice_recipients_delete ON security_notice_recipients FOR DELETE USING (false);

INSERT INTO status_components (key, name, description, kind, position) VALUES
  ('console', 'Console', 'Sign-in, workspaces and settings', 'console', 0),
  ('api', 'API', 'The inference proxy at /api/v1', 'api', 1);

GRANT SELECT, INSERT, UPDATE, DELETE ON status_components, status_incidents, status_incident_components,
  status_maintenances, status_maintenance_components TO app_user;
GRANT SELECT, INSERT ON status_incident_updates, operator_audit_events TO app_user;
GRANT SELECT, INSERT, DELETE ON status_samples TO app_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON provider_health TO app_user;
GRANT SELECT, INSERT, UPDATE ON security_notices, security_notice_recipients TO app_user;
