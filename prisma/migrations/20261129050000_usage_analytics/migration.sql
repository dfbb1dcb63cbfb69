-- Usage analytics: indexes for the dashboard's access paths on the raw rows, and daily
-- rollups kept up to date by a trigger, so long ranges never scan the raw table.
-- Rollups hold sums, counts and histograms of the same metadata: still no content.

-- (workspace_id, created_at) and (workspace_id, api_key_id, created_at) exist since 20261129040000_usage.
CREATE INDEX usage_events_workspace_model_idx ON usage_events (workspace_id, model, created_at DESC);
CREATE INDEX usage_events_workspace_status_idx ON usage_events (workspace_id, status, created_at DESC);

-- Latency histogram: 162 log-scale buckets (8 per doubling, about 9% wide), 1-based like
-- Postgres arrays: 1 = under 1 ms; k = [2^((k-2)/8), 2^((k-1)/8)) ms; 162 = 2^20 ms (17.5 min) and up.
-- lib/usage/histogram.ts holds the same definition for turning counts into percentiles.
CREATE FUNCTION usage_latency_bucket(ms double precision) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN ms IS NULL THEN NULL
                    WHEN ms < 1 THEN 1
                    ELSE least(162, 2 + floor(ln(ms) / ln(2::double precision) * 8)::integer) END $$;

CREATE FUNCTION usage_status_class(status integer) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN status BETWEEN 100 AND 599 THEN (status / 100)::text || 'xx' ELSE 'other' END $$;

-- Per-bucket counts (bucket numbers may repeat) -> a dense 162-element histogram.
CREATE FUNCTION usage_hist_dense(idx integer[], cnt bigint[]) RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_agg(coalesce(t.s, 0)::integer ORDER BY g.i)
          FROM generate_series(1, 162) AS g(i)
          LEFT JOIN (SELECT u.j, sum(u.c) AS s FROM unnest(idx, cnt) AS u(j, c) WHERE u.j IS NOT NULL GROUP BY u.j) t
            ON t.j = g.i $$;

CREATE FUNCTION usage_hist_add(a integer[], b integer[]) RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_agg(coalesce(u.x, 0) + coalesce(u.y, 0) ORDER BY u.i) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) $$;

CREATE TABLE usage_daily (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id       uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  day                date NOT NULL,
  provider           text NOT NULL,
  model              text NOT NULL,
  -- No foreign key: rollups outlive the raw rows, and API keys are revoked, never deleted.
  api_key_id         uuid,
  status_class       text NOT NULL CHECK (status_class IN ('1xx', '2xx', '3xx', '4xx', '5xx', 'other')),
  requests           bigint NOT NULL DEFAULT 0,
  errors             bigint NOT NULL DEFAULT 0,
  prompt_tokens      bigint NOT NULL DEFAULT 0,
  completion_tokens  bigint NOT NULL DEFAULT 0,
  estimated_requests bigint NOT NULL DEFAULT 0,
  latency_ms_sum     double precision NOT NULL DEFAULT 0,
  ttfb_ms_sum        double precision NOT NULL DEFAULT 0,
  ttfb_count         bigint NOT NULL DEFAULT 0,
  latency_hist       integer[] NOT NULL,
  ttfb_hist          integer[] NOT NULL,
  CHECK (cardinality(latency_hist) = 162 AND cardinality(ttfb_hist) = 162)
);
CREATE UNIQUE INDEX usage_daily_key ON usage_daily
  (workspace_id, day, provider, model, api_key_id, status_class) NULLS NOT DISTINCT;

ALTER TABLE usage_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_daily_select ON usage_daily FOR SELECT USING (workspace_id = app_workspace_id());
CREATE POLICY usage_daily_insert ON usage_daily FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY usage_daily_update ON usage_daily FOR UPDATE
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
-- Rollups are kept when raw rows expire; only a workspace's deletion (cascade) removes them.
CREATE POLICY usage_daily_delete ON usage_daily FOR DELETE USING (false);

-- The same histograms per workspace and day only: unfiltered percentiles over 30 days read
-- 30 of these instead of unnesting every (model, key, status) rollup row.
CREATE TABLE usage_daily_latency (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  day          date NOT NULL,
  latency_hist integer[] NOT NULL CHECK (cardinality(latency_hist) = 162),
  ttfb_hist    integer[] NOT NULL CHECK (cardinality(ttfb_hist) = 162),
  PRIMARY KEY (workspace_id, day)
);
ALTER TABLE usage_daily_latency ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_daily_latency FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_daily_latency_select ON usage_daily_latency FOR SELECT USING (workspace_id = app_workspace_id());
CREATE POLICY usage_daily_latency_insert ON usage_daily_latency FOR INSERT WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY usage_daily_latency_update ON usage_daily_latency FOR UPDATE
  USING (workspace_id = app_workspace_id()) WITH CHECK (workspace_id = app_workspace_id());
CREATE POLICY usage_daily_latency_delete ON usage_daily_latency FOR DELETE USING (false);

-- The runtime role only reads rollups. The trigger writes them as the table owner
-- (SECURITY DEFINER), still under RLS: the owner is subject to the forced policies, so a
-- rollup row can only land in the workspace of the transaction's app.workspace_id.
GRANT SELECT ON usage_daily, usage_daily_latency TO app_user;
GRANT EXECUTE ON FUNCTION usage_latency_bucket(double precision), usage_status_class(integer) TO app_user;

-- The rollup upserts for the usage rows in `src` (a relation name, or a parenthesised query
-- for the backfill below). Grouped, and taken in key order so concurrent flushes lock
-- rollup rows in the same order.
CREATE FUNCTION usage_daily_sql(src text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $f$ SELECT format($q$
  INSERT INTO usage_daily AS d (workspace_id, day, provider, model, api_key_id, status_class, requests, errors,
                                prompt_tokens, completion_tokens, estimated_requests, latency_ms_sum, ttfb_ms_sum,
                                ttfb_count, latency_hist, ttfb_hist)
  SELECT p.workspace_id, p.day, p.provider, p.model, p.api_key_id, p.status_class,
         sum(p.n), sum(p.errors), sum(p.prompt), sum(p.completion), sum(p.estimated),
         sum(p.latency_sum), sum(p.ttfb_sum), sum(p.ttfb_n),
         usage_hist_dense(array_agg(p.lb), array_agg(p.n)),
         usage_hist_dense(array_agg(p.tb), array_agg(p.ttfb_n))
    FROM (SELECT r.workspace_id, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.provider, r.model, r.api_key_id,
                 usage_status_class(r.status) AS status_class,
                 usage_latency_bucket(r.latency_ms) AS lb, usage_latency_bucket(r.ttfb_ms) AS tb,
                 count(*) AS n,
                 count(*) FILTER (WHERE r.status >= 400) AS errors,
                 sum(r.prompt_tokens) AS prompt,
                 sum(r.completion_tokens) AS completion,
                 count(*) FILTER (WHERE r.estimated) AS estimated,
                 sum(r.latency_ms::double precision) AS latency_sum,
                 coalesce(sum(r.ttfb_ms::double precision), 0) AS ttfb_sum,
                 count(r.ttfb_ms) AS ttfb_n
            FROM %1$s r
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) p
   GROUP BY p.workspace_id, p.day, p.provider, p.model, p.api_key_id, p.status_class
   ORDER BY p.workspace_id, p.day, p.provider, p.model, p.api_key_id, p.status_class
  ON CONFLICT (workspace_id, day, provider, model, api_key_id, status_class) DO UPDATE SET
    requests           = d.requests + EXCLUDED.requests,
    errors             = d.errors + EXCLUDED.errors,
    prompt_tokens      = d.prompt_tokens + EXCLUDED.prompt_tokens,
    completion_tokens  = d.completion_tokens + EXCLUDED.completion_tokens,
    estimated_requests = d.estimated_requests + EXCLUDED.estimated_requests,
    latency_ms_sum     = d.latency_ms_sum + EXCLUDED.latency_ms_sum,
    ttfb_ms_sum        = d.ttfb_ms_sum + EXCLUDED.ttfb_ms_sum,
    ttfb_count         = d.ttfb_count + EXCLUDED.ttfb_count,
    latency_hist       = usage_hist_add(d.latency_hist, EXCLUDED.latency_hist),
    ttfb_hist          = usage_hist_add(d.ttfb_hist, EXCLUDED.ttfb_hist)
$q$, src) $f$;

CREATE FUNCTION usage_daily_latency_sql(src text) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $f$ SELECT format($q$
  INSERT INTO usage_daily_latency AS l (workspace_id, day, latency_hist, ttfb_hist)
  SELECT p.workspace_id, p.day, usage_hist_dense(array_agg(p.lb), array_agg(p.n)), usage_hist_dense(array_agg(p.tb), array_agg(p.ttfb_n))
    FROM (SELECT r.workspace_id, (r.created_at AT TIME ZONE 'UTC')::date AS day,
                 usage_latency_bucket(r.latency_ms) AS lb, usage_latency_bucket(r.ttfb_ms) AS tb,
                 count(*) AS n, count(r.ttfb_ms) AS ttfb_n
            FROM %1$s r
           GROUP BY 1, 2, 3, 4) p
   GROUP BY p.workspace_id, p.day
   ORDER BY p.workspace_id, p.day
  ON CONFLICT (workspace_id, day) DO UPDATE SET
    latency_hist = usage_hist_add(l.latency_hist, EXCLUDED.latency_hist),
    ttfb_hist    = usage_hist_add(l.ttfb_hist, EXCLUDED.ttfb_hist)
$q$, src) $f$;

-- One statement-level trigger per insert: each meter batch becomes one grouped upsert per
-- rollup table. The transition table is only visible to this function's own statements,
-- hence EXECUTE here rather than a helper that runs the SQL.
CREATE FUNCTION usage_daily_rollup() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
BEGIN
  EXECUTE usage_daily_sql('new_rows');
  EXECUTE usage_daily_latency_sql('new_rows');
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION usage_daily_rollup() FROM PUBLIC;

CREATE TRIGGER usage_events_rollup AFTER INSERT ON usage_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_daily_rollup();

-- Backfill from the rows metered before this migration, one workspace at a time under the
-- same policies (the owner is subject to forced RLS too).
DO $$
DECLARE ws uuid;
BEGIN
  PERFORM set_config('app.enumerate_workspaces', 'on', true);
  FOR ws IN SELECT id FROM workspaces ORDER BY id LOOP
    PERFORM set_config('app.workspace_id', ws::text, true);
    EXECUTE usage_daily_sql(format('(SELECT * FROM usage_events WHERE workspace_id = %L)', ws));
    EXECUTE usage_daily_latency_sql(format('(SELECT * FROM usage_events WHERE workspace_id = %L)', ws));
  END LOOP;
  PERFORM set_config('app.workspace_id', '', true);
  PERFORM set_config('app.enumerate_workspaces', '', true);
END $$;
