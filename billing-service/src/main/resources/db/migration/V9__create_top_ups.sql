-- Self-serve top-ups paid through Stripe Checkout. A row is written once Stripe has created the
-- Checkout Session; webhooks then move it along PENDING -> PAID -> REFUNDED, or PENDING -> EXPIRED.
-- Every move is a conditional UPDATE on status, so a replayed or concurrently duplicated event
-- changes nothing the second time (the credit is posted only by the UPDATE that won).
CREATE TABLE top_up (
    id                  UUID PRIMARY KEY,
    company_id          UUID           NOT NULL,
    amount              NUMERIC(20, 8) NOT NULL CHECK (amount > 0),
    status              VARCHAR(16)    NOT NULL CHECK (status IN ('PENDING', 'PAID', 'EXPIRED', 'REFUNDED')),
    checkout_session_id VARCHAR(255)   NOT NULL UNIQUE,
    checkout_url        TEXT           NOT NULL,
    payment_intent_id   VARCHAR(255)   UNIQUE,
    -- What Stripe has refunded so far; each charge.refunded event posts only the increase.
    refunded_amount     NUMERIC(20, 8) NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
    -- Set once the first mismatching payment was audited, so replays do not audit it again.
    mismatch_seen_at    TIMESTAMPTZ,
    created_at          TIMESTAMPTZ    NOT NULL DEFAULT clock_timestamp(),
    paid_at             TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX top_up_company_created_idx ON top_up (company_id, created_at DESC, id DESC);

-- TOP_UP credits the balance; a Stripe refund gives money back to the card, so REFUND takes it
-- from the balance (REFUND had no writer before; its sign changes from + to -).
ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_sign_matches_type;
ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_sign_matches_type CHECK (
    (type IN ('CREDIT', 'REFERRAL_COMMISSION', 'TOP_UP') AND amount > 0)
        OR (type IN ('DEBIT', 'SUBSCRIPTION', 'REFUND') AND amount < 0)
        OR (type = 'USAGE' AND amount <> 0));

-- Idempotency keys expire after 24 hours; the purge job finds expired rows through this index.
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
