-- Browser origins allowed to call the gateway with this workspace's API keys (CORS).
-- Empty by default: no browser page can use a key until an Admin allows its origin.
ALTER TABLE workspaces
  ADD COLUMN cors_origins text[] NOT NULL DEFAULT '{}',
  ADD CONSTRAINT workspaces_cors_origins_check CHECK (cardinality(cors_origins) <= 20);
