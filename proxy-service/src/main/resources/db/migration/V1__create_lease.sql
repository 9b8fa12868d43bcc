-- The fence of each budget lease this proxy fleet holds at billing (docs/admission-and-usage.md).
-- The usage journal adds every usage delta to recorded_cost in the same transaction as its outbox
-- rows, but only while the lease is ACTIVE; closing flips it to CLOSING first (the row lock orders
-- the two), so the recorded_cost sent to billing is final. The row is deleted once billing
-- acknowledged the close. heartbeat_at is bumped by the owning instance while ACTIVE, and marks
-- when a CLOSING row was last claimed, so that reapers of other instances find the abandoned ones.
CREATE TABLE lease (
    id            UUID PRIMARY KEY,
    company_id    UUID          NOT NULL,
    instance_id   UUID          NOT NULL,
    state         VARCHAR(8)    NOT NULL CHECK (state IN ('ACTIVE', 'CLOSING')),
    recorded_cost NUMERIC(20,8) NOT NULL DEFAULT 0,
    heartbeat_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);

-- Heartbeat and renewal: the active leases of one instance.
CREATE INDEX lease_instance_state_idx ON lease (instance_id, state);
-- Reaper: rows by state whose heartbeat is old.
CREATE INDEX lease_state_heartbeat_idx ON lease (state, heartbeat_at);
