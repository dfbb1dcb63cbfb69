-- usage_limit_take also returns the window's use after the grant, so that the instance
-- taking a lease can tell when a budget crosses 50, 80 and 100 % (alerts), without a
-- second query.
DROP FUNCTION usage_limit_take(uuid, text, text, timestamptz, bigint, bigint);

CREATE FUNCTION usage_limit_take(p_workspace uuid, p_scope text, p_metric text, p_window timestamptz, p_want bigint, p_cap bigint)
RETURNS TABLE (granted bigint, used bigint) LANGUAGE plpgsql AS $$
DECLARE
  v_used bigint;
  v_grant bigint;
BEGIN
  INSERT INTO usage_limit_counters (workspace_id, scope, metric, window_start)
    VALUES (p_workspace, p_scope, p_metric, p_window) ON CONFLICT DO NOTHING;
  SELECT c.used INTO v_used FROM usage_limit_counters c
    WHERE c.workspace_id = p_workspace AND c.scope = p_scope AND c.metric = p_metric AND c.window_start = p_window
    FOR UPDATE;
  v_grant := LEAST(p_want, GREATEST(0, p_cap - v_used));
  IF v_grant > 0 THEN
    UPDATE usage_limit_counters c SET used = c.used + v_grant
      WHERE c.workspace_id = p_workspace AND c.scope = p_scope AND c.metric = p_metric AND c.window_start = p_window;
  END IF;
  IF p_metric IN ('rpm', 'tpm') THEN
    DELETE FROM usage_limit_counters c
      WHERE c.workspace_id = p_workspace AND c.scope = p_scope AND c.metric = p_metric AND c.window_start < p_window - interval '1 hour';
  END IF;
  granted := v_grant;
  used := v_used + v_grant;
  RETURN NEXT;
END $$;

GRANT EXECUTE ON FUNCTION usage_limit_take(uuid, text, text, timestamptz, bigint, bigint) TO app_user;
