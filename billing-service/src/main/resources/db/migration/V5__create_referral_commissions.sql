-- One commission per settled usage event of a referred company; id is the referrer's ledger entry.
CREATE TABLE referral_commission (
    id                  UUID PRIMARY KEY REFERENCES ledger_entry (id),
    referrer_company_id UUID           NOT NULL,
    referred_company_id UUID           NOT NULL,
    usage_event_id      UUID           NOT NULL UNIQUE,
    usage_cost          NUMERIC(20, 8) NOT NULL,
    rate_percent        NUMERIC(7, 4)  NOT NULL,
    amount              NUMERIC(20, 8) NOT NULL CHECK (amount > 0),
    created_at          TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX referral_commission_referrer_idx ON referral_commission (referrer_company_id, referred_company_id);
