-- One row per proxied request instead of one per event: a stream now publishes checkpoints and a
-- final event, all carrying the request's usage_id and cumulative figures, and the row keeps the
-- newest of them (see RequestLogRepository#upsertNewest).
ALTER TABLE request_log ADD COLUMN usage_id UUID;
ALTER TABLE request_log ADD COLUMN final BOOLEAN;

-- Rows written before this were one event per request, and that event was its last.
UPDATE request_log SET usage_id = id, final = true;

ALTER TABLE request_log ALTER COLUMN usage_id SET NOT NULL;
ALTER TABLE request_log ALTER COLUMN final SET NOT NULL;
ALTER TABLE request_log ADD CONSTRAINT request_log_usage_id_key UNIQUE (usage_id);

COMMENT ON COLUMN request_log.id IS 'the usage_id for rows written since V3, the event_id before (then equal to usage_id)';
COMMENT ON COLUMN request_log.final IS 'false while only checkpoints of a running stream have arrived';
