-- A platform operator may suspend a user (`npm run cli -- user:suspend`). While the column
-- is set the user cannot sign in, and API keys they created stop authenticating in every
-- workspace: the proxy's cached key lookup reads the creator's suspension with the key, so
-- unsuspending restores keys that were not otherwise revoked. `users` is not a tenant
-- table (no workspace_id, no RLS); app_user's existing grants on it cover the column.
ALTER TABLE users ADD COLUMN suspended_at timestamptz(3);
