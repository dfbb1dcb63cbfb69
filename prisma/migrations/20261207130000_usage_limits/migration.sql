-- Limits per workspace (api_key_id NULL) and per API key: spend caps per UTC day and month
-- (USD in millionths, from the price table), token caps per day and month, requests and
-- tokens per minute, and the models a key may call. NULL means "no limit"; an empty model
-- list means every model.
CREATE TABLE usage_limits (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id        uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  api_key_id          uuid REFERENCES api_keys (id) ON DELETE CASCADE,
  spend_day_micros    bigint CHECK (spend_day_micros >= 0),
  spend_month_micros  bigint CHECK (spend_month_micros >= 0),
  tokens_day          bigint CHECK (tokens_day >= 0),
  tokens_month        bigint CHECK (tokens_month >= 0),
  requests_per_minute integer CHECK (requests_per_minute >= 0),
  tokens_per_minute   integer CHECK (tokens_per_minute >= 0),
  allowed_models      text[] NOT NULL DEFAULT '{}' CHECK (cardinality(allowed_models) <= 100),
  updated_at          timestamptz(3) NOT NULL DEFAULT now(),
  updated_by          uuid
);
CREATE UNIQUE INDEX usage_limits_scope ON usage_limits (workspace_id, api_key_id) NULLS NOT DISTINCT;

ALTER TABLE usage_limits ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_limits FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_limits_tenant ON usage_limits
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

-- What each limit's current window has used, shared by every instance on this database.
-- `used` counts what instances have taken (a lease of requests, tokens or micro-USD that
-- they then spend locally) plus what settled above its reservation; unspent leases are
-- given back. scope is 'workspace' or the API key's id.
CREATE TABLE usage_limit_counters (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  scope        text NOT NULL CHECK (length(scope) <= 64),
  metric       text NOT NULL CHECK (metric IN ('rpm', 'tpm', 'tokens_day', 'tokens_month', 'spend_day', 'spend_month')),
  window_start timestamptz(3) NOT NULL,
  used         bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, scope, metric, window_start)
);
ALTER TABLE usage_limit_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_limit_counters FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_limit_counters_tenant ON usage_limit_counters
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());

-- Takes up to p_want from a window's allowance of p_cap, atomically: the row is locked, so
-- what all instances take together never exceeds the cap. Returns what was granted (0
-- when the window is used up). Runs as the caller, under RLS. Per-minute windows older
-- than an hour are removed on the way.
CREATE FUNCTION usage_limit_take(p_workspace uuid, p_scope text, p_metric text, p_window timestamptz, p_want bigint, p_cap bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_used bigint;
  v_grant bigint;
BEGIN
  INSERT INTO usage_limit_counters (workspace_id, scope, metric, window_start)
    VALUES (p_workspace, p_scope, p_metric, p_window) ON CONFLICT DO NOTHING;
  SELECT used INTO v_used FROM usage_limit_counters
    WHERE workspace_id = p_workspace AND scope = p_scope AND metric = p_metric AND window_start = p_window
    FOR UPDATE;
  v_grant := LEAST(p_want, GREATEST(0, p_cap - v_used));
  IF v_grant > 0 THEN
    UPDATE usage_limit_counters SET used = used + v_grant
      WHERE workspace_id = p_workspace AND scope = p_scope AND metric = p_metric AND window_start = p_window;
  END IF;
  IF p_metric IN ('rpm', 'tpm') THEN
    DELETE FROM usage_limit_counters
      WHERE workspace_id = p_workspace AND scope = p_scope AND metric = p_metric AND window_start < p_window - interval '1 hour';
  END IF;
  RETURN v_grant;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON usage_limits, usage_limit_counters TO app_user;
GRANT EXECUTE ON FUNCTION usage_limit_take(uuid, text, text, timestamptz, bigint, bigint) TO app_user;
