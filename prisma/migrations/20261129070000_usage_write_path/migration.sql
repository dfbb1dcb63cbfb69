-- The usage meter writes one usage_events row per proxied request, thousands a second on a
-- busy gateway, and every check on that path is Postgres CPU per row.
--
-- API keys are revoked, never deleted, and the meter writes only the id of the key it has
-- just authenticated, so the foreign key to api_keys guarded nothing a writer could get
-- wrong. It goes (the Prisma schema never declared it). The key to workspaces stays:
-- deleting a workspace still removes its usage.
ALTER TABLE usage_events DROP CONSTRAINT IF EXISTS usage_events_api_key_id_fkey;

-- Time-ordered ids where the server has uuidv7() (Postgres 18, the embedded one): new rows
-- go to the right-hand edge of the primary-key index instead of a random page of it.
-- Postgres 15–17 keep gen_random_uuid().
DO $$
BEGIN
  IF current_setting('server_version_num')::integer >= 180000 THEN
    EXECUTE 'ALTER TABLE usage_events ALTER COLUMN id SET DEFAULT uuidv7()';
  END IF;
END $$;
