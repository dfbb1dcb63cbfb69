-- usage_events' foreign key to workspaces cost Postgres a referential check per metered
-- request (a row lock on the workspace for every inserted row: about a fifth of the
-- insert's CPU, measured on the embedded Postgres with 2,000-row batches). Deleting a
-- workspace removes its usage through this trigger instead.
--
-- Rows can still only be written for a live workspace: every meter batch also upserts
-- the daily rollups (usage_events_rollup), and usage_daily keeps its foreign key, so a
-- batch for a workspace deleted meanwhile fails as a whole, exactly as before.
ALTER TABLE usage_events DROP CONSTRAINT IF EXISTS usage_events_workspace_id_fkey;

-- Runs as the table owner, inside the deleted workspace's own RLS context (set for the
-- statement and put back afterwards), so it removes that workspace's rows and no others.
CREATE FUNCTION usage_events_forget_workspace() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  previous text := current_setting('app.workspace_id', true);
BEGIN
  PERFORM set_config('app.workspace_id', OLD.id::text, true);
  DELETE FROM usage_events WHERE workspace_id = OLD.id;
  PERFORM set_config('app.workspace_id', coalesce(previous, ''), true);
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION usage_events_forget_workspace() FROM PUBLIC;

CREATE TRIGGER workspaces_forget_usage AFTER DELETE ON workspaces
  FOR EACH ROW EXECUTE FUNCTION usage_events_forget_workspace();
