-- Usage metadata written by the proxy's meter: numbers, enums, ids and timestamps.
-- There is deliberately no column that could hold request or response content.

CREATE TABLE usage_events (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id      uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  api_key_id        uuid REFERENCES api_keys (id) ON DELETE SET NULL,
  provider          text NOT NULL CHECK (provider ~ '^[a-z0-9-]{1,32}$'),
  model             text NOT NULL CHECK (length(model) <= 200),
  endpoint          text NOT NULL CHECK (endpoint IN ('chat.completions', 'messages', 'models')),
  status            integer NOT NULL,
  stream            boolean NOT NULL,
  prompt_tokens     integer NOT NULL DEFAULT 0,
  completion_tokens integer NOT NULL DEFAULT 0,
  total_tokens      integer NOT NULL DEFAULT 0,
  estimated         boolean NOT NULL DEFAULT false,
  ttfb_ms           real,
  latency_ms        real NOT NULL,
  overhead_ms       real NOT NULL,
  error_type        text CHECK (error_type IS NULL OR error_type ~ '^[a-z_]{1,40}$'),
  created_at        timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX usage_events_workspace_created_idx ON usage_events (workspace_id, created_at DESC);
CREATE INDEX usage_events_workspace_key_idx ON usage_events (workspace_id, api_key_id, created_at DESC);

ALTER TABLE usage_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_events FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_events_select ON usage_events FOR SELECT USING (workspace_id = app_workspace_id());
CREATE POLICY usage_events_insert ON usage_events FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY usage_events_update ON usage_events FOR UPDATE USING (false) WITH CHECK (false);
CREATE POLICY usage_events_delete ON usage_events FOR DELETE USING (workspace_id = app_workspace_id());

GRANT SELECT, INSERT, DELETE ON usage_events TO app_user;
