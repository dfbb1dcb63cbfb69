-- Alerts: where a workspace wants to be told (webhooks, e-mail to its Owners and Admins),
-- what it was told (alerts, built from usage metadata only), and how each delivery went.
-- Every table is tenant data under the same forced row-level security as the rest.

CREATE TABLE alert_destinations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('webhook', 'email')),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  url           text CHECK (url IS NULL OR length(url) <= 2000),
  -- The webhook's signing secret, sealed by the vault; shown once at creation.
  sealed_secret text,
  master_key_id text,
  secret_hint   text CHECK (secret_hint IS NULL OR length(secret_hint) <= 16),
  created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  CHECK ((kind = 'webhook') = (url IS NOT NULL AND sealed_secret IS NOT NULL AND master_key_id IS NOT NULL))
);
CREATE INDEX alert_destinations_workspace_idx ON alert_destinations (workspace_id, created_at);
-- E-mail goes to the Owners and Admins: one such destination per workspace is enough.
CREATE UNIQUE INDEX alert_destinations_one_email_idx ON alert_destinations (workspace_id) WHERE kind = 'email';

CREATE TABLE alerts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('provider_key_failure', 'error_rate', 'api_key_expiry', 'budget_threshold')),
  dedup_key    text NOT NULL CHECK (length(dedup_key) <= 300),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- Numbers, enums, ids, names and timestamps only: never content, keys or tokens.
  details      jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX alerts_workspace_created_idx ON alerts (workspace_id, created_at DESC);

-- When each deduplication key last fired: a condition that holds fires again only after
-- its cooldown (or never, for once-only keys such as a budget threshold in one period).
CREATE TABLE alert_dedup (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  dedup_key    text NOT NULL CHECK (length(dedup_key) <= 300),
  fired_at     timestamptz(3) NOT NULL,
  PRIMARY KEY (workspace_id, dedup_key)
);

CREATE TABLE alert_deliveries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id    uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  alert_id        uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  destination_id  uuid NOT NULL REFERENCES alert_destinations (id) ON DELETE CASCADE,
  state           text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'queued')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz(3),
  -- The receiver's HTTP status, or a short error code: never a body, header or secret.
  last_status     integer,
  last_error      text CHECK (last_error IS NULL OR last_error ~ '^[a-z_]{1,40}$'),
  recipients      integer,
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  updated_at      timestamptz(3) NOT NULL DEFAULT now(),
  delivered_at    timestamptz(3)
);
CREATE INDEX alert_deliveries_workspace_created_idx ON alert_deliveries (workspace_id, created_at DESC);
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (workspace_id, next_attempt_at) WHERE state = 'pending';

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['alert_destinations', 'alerts', 'alert_dedup', 'alert_deliveries'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (workspace_id = app_workspace_id())', t || '_select', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT WITH CHECK (workspace_id = app_workspace_id())', t || '_insert', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id())', t || '_update', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR DELETE USING (workspace_id = app_workspace_id())', t || '_delete', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, DELETE ON alert_destinations TO app_user;
GRANT SELECT, INSERT, DELETE ON alerts TO app_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_dedup TO app_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_deliveries TO app_user;
