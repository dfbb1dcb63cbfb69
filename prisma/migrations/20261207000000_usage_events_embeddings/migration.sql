-- The gateway serves POST /v1/embeddings: its requests are metered under their own
-- endpoint name. NOT VALID for the same reason as the earlier check changes: every
-- existing row passed the narrower check, and validating would scan the whole table
-- under this migration's lock.
ALTER TABLE usage_events
  DROP CONSTRAINT usage_events_endpoint_check,
  ADD CONSTRAINT usage_events_endpoint_check CHECK (endpoint IN ('chat.completions', 'messages', 'models', 'embeddings')) NOT VALID;
