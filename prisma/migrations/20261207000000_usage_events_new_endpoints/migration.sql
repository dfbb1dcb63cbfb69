-- The gateway serves POST /v1/responses, POST /v1/embeddings and
-- POST /v1/messages/count_tokens: their requests are metered under their own endpoint
-- names. NOT VALID for the same reason as the earlier check changes: every existing row
-- passed the narrower check, and validating would scan the whole table under this
-- migration's lock.
ALTER TABLE usage_events
  DROP CONSTRAINT usage_events_endpoint_check,
  ADD CONSTRAINT usage_events_endpoint_check
    CHECK (endpoint IN ('chat.completions', 'responses', 'messages', 'messages.count_tokens', 'models', 'embeddings')) NOT VALID;
