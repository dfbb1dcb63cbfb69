-- The x-request-id each proxied request was answered with, so that a client's support
-- request can be matched to its usage row. Written only by the usage meter, which builds
-- it from two numbers; null for rows written before this column existed. No check and no
-- index: a check's regex would cost every insert, and lookups go through the console's
-- filters on one workspace's recent rows.
ALTER TABLE usage_events ADD COLUMN request_id text;
