-- The start-up master-key check (lib/credentials/key-check.ts) opens a sample of the stored
-- provider keys across workspaces. This samples them under the same policies as every
-- other read: one tenant context at a time (as the backfill in 20261129050000 and
-- vault:rotate do), in one round trip instead of two per workspace. SECURITY INVOKER: the
-- caller's own role and policies apply; it gives app_user nothing it could not already do
-- with set_config, and it restores the caller's settings before returning.
CREATE FUNCTION vault_key_check_sample(p_max integer, p_per_workspace integer)
RETURNS TABLE (workspace_id uuid, credential_id uuid, provider text, sealed_key text)
LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp
AS $$
DECLARE
  ws uuid;
  taken integer := 0;
  got integer;
  prev_enumerate text := coalesce(current_setting('app.enumerate_workspaces', true), '');
  prev_workspace text := coalesce(current_setting('app.workspace_id', true), '');
BEGIN
  PERFORM set_config('app.enumerate_workspaces', 'on', true);
  FOR ws IN SELECT w.id FROM workspaces w ORDER BY random() LOOP
    EXIT WHEN taken >= p_max;
    PERFORM set_config('app.workspace_id', ws::text, true);
    RETURN QUERY
      SELECT c.workspace_id, c.id, c.provider, c.sealed_key FROM provider_credentials c
       WHERE c.workspace_id = ws ORDER BY random() LIMIT least(p_per_workspace, p_max - taken);
    GET DIAGNOSTICS got = ROW_COUNT;
    taken := taken + got;
  END LOOP;
  PERFORM set_config('app.workspace_id', prev_workspace, true);
  PERFORM set_config('app.enumerate_workspaces', prev_enumerate, true);
END $$;

REVOKE ALL ON FUNCTION vault_key_check_sample(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vault_key_check_sample(integer, integer) TO app_user;
