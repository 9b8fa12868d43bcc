-- Budget leases replace per-request reservations: one hold per proxy instance and company, drawn
-- down by settled usage. account.reserved = sum(held) over the company's leases, where held is
-- what the lease still keeps from the available funds (computed here once, so the rule lives in
-- one place and every invariant check reads the same figure).
CREATE TABLE lease (
    id         UUID PRIMARY KEY,
    company_id UUID           NOT NULL REFERENCES account (company_id),
    holder     VARCHAR(200)   NOT NULL,
    amount     NUMERIC(20, 8) NOT NULL CHECK (amount >= 0),
    settled    NUMERIC(20, 8) NOT NULL DEFAULT 0 CHECK (settled >= 0),
    final_cost NUMERIC(20, 8) CHECK (final_cost >= 0),
    status     VARCHAR(16)    NOT NULL CHECK (status IN ('ACTIVE', 'CLOSING', 'CLOSED', 'EXPIRED')),
    held       NUMERIC(20, 8) GENERATED ALWAYS AS (
                   CASE status
                       WHEN 'ACTIVE' THEN GREATEST(0, amount - settled)
                       WHEN 'CLOSING' THEN GREATEST(0, LEAST(amount, final_cost) - settled)
                       ELSE 0
                   END) STORED,
    expires_at TIMESTAMPTZ    NOT NULL,
    created_at TIMESTAMPTZ    NOT NULL DEFAULT now(),
    closed_at  TIMESTAMPTZ,
    CONSTRAINT lease_closing_has_final_cost CHECK (status NOT IN ('CLOSING', 'CLOSED') OR final_cost IS NOT NULL)
);
CREATE INDEX lease_open_expiry_idx ON lease (expires_at) WHERE status IN ('ACTIVE', 'CLOSING');
CREATE INDEX lease_company_open_idx ON lease (company_id) WHERE status IN ('ACTIVE', 'CLOSING');

-- What has been charged per proxied request. Usage events are cumulative per usage_id, so each
-- one charges max(0, cost - charged): a replayed, republished or out-of-order event charges 0.
CREATE TABLE usage_charge (
    usage_id   UUID PRIMARY KEY,
    company_id UUID           NOT NULL,
    lease_id   UUID,
    charged    NUMERIC(20, 8) NOT NULL DEFAULT 0 CHECK (charged >= 0),
    final      BOOLEAN        NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX usage_charge_company_idx ON usage_charge (company_id);

-- Holds of reservations still HELD go back to the available funds: no proxy will settle them
-- against a reservation any more (their usage, if it ever arrives, is charged to the balance).
UPDATE account a SET reserved = 0, updated_at = now() WHERE reserved <> 0;
DROP TABLE reservation;
