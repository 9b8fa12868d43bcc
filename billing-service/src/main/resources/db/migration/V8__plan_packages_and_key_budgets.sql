-- Plans sell monthly token packages: included_usage is the USD value, at pay-as-you-go prices, of
-- the usage a period covers, and monthly_price = included_usage × (1 − discount_percent / 100)
-- (rounded half-even to 8 places by the service that writes plans).
ALTER TABLE plan ADD COLUMN included_usage NUMERIC(20, 8);
UPDATE plan SET included_usage = round(monthly_price / (1 - discount_percent / 100), 8);
ALTER TABLE plan ALTER COLUMN included_usage SET NOT NULL;
ALTER TABLE plan ADD CONSTRAINT plan_included_usage_positive CHECK (included_usage > 0);
ALTER TABLE plan ADD CONSTRAINT plan_discount_below_100 CHECK (discount_percent < 100);
ALTER TABLE plan DROP COLUMN tokens_included;
UPDATE plan SET description = CASE id
    WHEN 'starter' THEN 'For prototypes and side projects: $19 of usage a month at list price.'
    WHEN 'pro' THEN 'For production apps: $110 of usage a month for $99, 10% below pay-as-you-go.'
    WHEN 'scale' THEN 'For high-volume teams: $623.75 of usage a month for $499, 20% below pay-as-you-go.'
    ELSE description END;

-- What a subscription's period grants, fixed at purchase like its price.
ALTER TABLE subscription ADD COLUMN included_usage NUMERIC(20, 8);
UPDATE subscription s SET included_usage = p.included_usage FROM plan p WHERE p.id = s.plan_id;
ALTER TABLE subscription ALTER COLUMN included_usage SET NOT NULL;
-- A renewal that held funds stand in the way of is tried again from this time on (null: at period end).
ALTER TABLE subscription ADD COLUMN next_attempt_at TIMESTAMPTZ;
DROP INDEX subscription_due_idx;
CREATE INDEX subscription_due_idx ON subscription (COALESCE(next_attempt_at, current_period_end)) WHERE status = 'ACTIVE';

-- The current package, on the account row so that admission and settlement lock one row:
-- funds = balance + package (while package_ends_at is ahead) and reserved holds against both.
ALTER TABLE account ADD COLUMN package_remaining NUMERIC(20, 8) NOT NULL DEFAULT 0 CHECK (package_remaining >= 0);
ALTER TABLE account ADD COLUMN package_ends_at TIMESTAMPTZ;

-- Every movement of a package, like ledger_entry for the balance: sum(amount) = package_remaining.
CREATE TABLE package_entry (
    id              UUID PRIMARY KEY,
    seq             BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    company_id      UUID           NOT NULL REFERENCES account (company_id),
    type            VARCHAR(16)    NOT NULL,
    amount          NUMERIC(20, 8) NOT NULL,
    remaining_after NUMERIC(20, 8) NOT NULL,
    description     VARCHAR(500),
    request_id      VARCHAR(128),
    created_at      TIMESTAMPTZ    NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT package_entry_sign_matches_type CHECK (
        (type IN ('OPENED', 'RESTORED') AND amount > 0) OR (type IN ('DRAWN', 'EXPIRED') AND amount < 0))
);
CREATE INDEX package_entry_company_created_idx ON package_entry (company_id, created_at DESC, id DESC);
CREATE TRIGGER package_entry_immutable
    BEFORE UPDATE OR DELETE ON package_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_is_immutable();

-- What each request drew from a package, so that a correction gives back to where it came from.
ALTER TABLE usage_charge ADD COLUMN charged_package NUMERIC(20, 8) NOT NULL DEFAULT 0 CHECK (charged_package >= 0);

-- An API key's spend per calendar month (UTC), for every key with usage, and for a capped key the
-- hold of its leases: reserved = Σ held(lease) over the key's leases of that month, and
-- spent + reserved <= spend_limit is what a grant checks.
CREATE TABLE key_budget (
    api_key_id  UUID           NOT NULL,
    month       DATE           NOT NULL CHECK (extract(day FROM month) = 1),
    company_id  UUID           NOT NULL,
    spend_limit NUMERIC(20, 8) CHECK (spend_limit >= 0),
    spent       NUMERIC(20, 8) NOT NULL DEFAULT 0,
    reserved    NUMERIC(20, 8) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at  TIMESTAMPTZ    NOT NULL DEFAULT now(),
    PRIMARY KEY (api_key_id, month)
);

-- A capped key's requests are admitted under leases of their own, which also hold on the key.
ALTER TABLE lease ADD COLUMN api_key_id UUID;
ALTER TABLE lease ADD COLUMN key_month DATE;
ALTER TABLE lease ADD CONSTRAINT lease_key_and_month_together CHECK ((api_key_id IS NULL) = (key_month IS NULL));
