-- Funds held for one proxied request until its usage is settled, it is released, or it expires.
-- request_id is unique per company: a retried reservation call finds the first one, and one
-- company can never collide with (or look up) another company's request ids.
CREATE TABLE reservation (
    id         UUID PRIMARY KEY,
    company_id UUID           NOT NULL REFERENCES account (company_id),
    request_id VARCHAR(128)   NOT NULL,
    api_key_id UUID,
    amount     NUMERIC(20, 8) NOT NULL CHECK (amount >= 0),
    status     VARCHAR(16)    NOT NULL CHECK (status IN ('HELD', 'SETTLED', 'RELEASED', 'EXPIRED')),
    expires_at TIMESTAMPTZ    NOT NULL,
    created_at TIMESTAMPTZ    NOT NULL DEFAULT now(),
    closed_at  TIMESTAMPTZ,
    CONSTRAINT reservation_request_unique UNIQUE (company_id, request_id)
);
CREATE INDEX reservation_held_expiry_idx ON reservation (expires_at) WHERE status = 'HELD';
