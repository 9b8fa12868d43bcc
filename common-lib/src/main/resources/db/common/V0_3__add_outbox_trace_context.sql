-- The trace context of the request that wrote the row (a W3C traceparent; for a row holding an
-- array of events, one per event, space-separated, '-' for none), published as message headers so
-- that consumers continue the trace. Null while tracing is off.
ALTER TABLE outbox_event ADD COLUMN trace_parent TEXT;
