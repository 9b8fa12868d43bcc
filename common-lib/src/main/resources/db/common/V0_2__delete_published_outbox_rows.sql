-- The relay now deletes a row once the broker confirmed it, instead of marking it published: a
-- table that only grows slows every later scan. Every row left is therefore unpublished.
DELETE FROM outbox_event WHERE published_at IS NOT NULL;
DROP INDEX outbox_event_unpublished_idx;
CREATE INDEX outbox_event_created_idx ON outbox_event (created_at);
