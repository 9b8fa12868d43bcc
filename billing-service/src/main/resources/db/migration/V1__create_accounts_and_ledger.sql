-- One account per company. balance is money owned; reserved is the part of it held for requests
-- in flight, so available = balance - reserved. balance may dip below zero only when a settled
-- cost exceeds what was reserved for it (the proxy's prompt estimate was low).
CREATE TABLE account (
    company_id             UUID PRIMARY KEY,
    name                   VARCHAR(500),
    referral_code          VARCHAR(100),
    referred_by_company_id UUID,
    balance                NUMERIC(20, 8) NOT NULL DEFAULT 0,
    reserved               NUMERIC(20, 8) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_at             TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CHECK (referred_by_company_id IS DISTINCT FROM company_id)
);
CREATE INDEX account_referred_by_idx ON account (referred_by_company_id) WHERE referred_by_company_id IS NOT NULL;

-- One immutable, signed entry per balance change: sum(amount) = account.balance, and the newest
-- entry's balance_after = account.balance. seq orders entries in the order their account row
-- lock was taken, so "newest" never depends on clock resolution.
CREATE TABLE ledger_entry (
    id            UUID PRIMARY KEY,
    seq           BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    company_id    UUID           NOT NULL REFERENCES account (company_id),
    type          VARCHAR(32)    NOT NULL,
    amount        NUMERIC(20, 8) NOT NULL,
    balance_after NUMERIC(20, 8) NOT NULL,
    description   VARCHAR(500),
    request_id    VARCHAR(128),
    created_at    TIMESTAMPTZ    NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT ledger_entry_sign_matches_type CHECK (
        (type IN ('CREDIT', 'REFERRAL_COMMISSION', 'REFUND') AND amount > 0)
            OR (type IN ('DEBIT', 'USAGE', 'SUBSCRIPTION') AND amount < 0))
);
CREATE INDEX ledger_entry_company_created_idx ON ledger_entry (company_id, created_at DESC, id DESC);

CREATE FUNCTION ledger_entry_is_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are immutable; post a compensating entry instead';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_entry_immutable
    BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_is_immutable();
