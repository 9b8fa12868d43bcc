CREATE TABLE plan (
    id               VARCHAR(40) PRIMARY KEY,
    name             VARCHAR(100)   NOT NULL,
    monthly_price    NUMERIC(20, 8) NOT NULL CHECK (monthly_price > 0),
    tokens_included  BIGINT         NOT NULL CHECK (tokens_included >= 0),
    discount_percent NUMERIC(5, 2)  NOT NULL CHECK (discount_percent BETWEEN 0 AND 100),
    description      VARCHAR(500)   NOT NULL,
    sort_order       INT            NOT NULL,
    active           BOOLEAN        NOT NULL DEFAULT true
);

INSERT INTO plan (id, name, monthly_price, tokens_included, discount_percent, description, sort_order) VALUES
    ('starter', 'Starter', 19.00, 2000000, 0.00,
     'For prototypes and side projects: 2M tokens a month at list price.', 1),
    ('pro', 'Pro', 99.00, 12000000, 10.00,
     'For production apps: 12M tokens a month, 10% below pay-as-you-go.', 2),
    ('scale', 'Scale', 499.00, 70000000, 20.00,
     'For high-volume teams: 70M tokens a month, 20% below pay-as-you-go.', 3);

-- A company's paid plan. price is what the current period cost, fixed at purchase.
CREATE TABLE subscription (
    id                   UUID PRIMARY KEY,
    company_id           UUID           NOT NULL REFERENCES account (company_id),
    plan_id              VARCHAR(40)    NOT NULL REFERENCES plan (id),
    status               VARCHAR(16)    NOT NULL CHECK (status IN ('ACTIVE', 'CANCELED', 'EXPIRED')),
    price                NUMERIC(20, 8) NOT NULL CHECK (price > 0),
    current_period_start TIMESTAMPTZ    NOT NULL,
    current_period_end   TIMESTAMPTZ    NOT NULL,
    cancel_at_period_end BOOLEAN        NOT NULL DEFAULT false,
    created_at           TIMESTAMPTZ    NOT NULL DEFAULT now(),
    canceled_at          TIMESTAMPTZ,
    ended_at             TIMESTAMPTZ
);
CREATE UNIQUE INDEX subscription_one_active_per_company ON subscription (company_id) WHERE status = 'ACTIVE';
CREATE INDEX subscription_due_idx ON subscription (current_period_end) WHERE status = 'ACTIVE';
