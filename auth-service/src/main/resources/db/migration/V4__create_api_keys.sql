-- Only the SHA-256 of a key is kept; the key itself is shown once, at creation.
CREATE TABLE api_key (
    id                  UUID PRIMARY KEY,
    company_id          UUID          NOT NULL REFERENCES company (id),
    name                VARCHAR(200)  NOT NULL,
    key_hash            CHAR(64)      NOT NULL UNIQUE,
    prefix              VARCHAR(12)   NOT NULL,
    scopes              TEXT[]        NOT NULL
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['chat', 'models', 'billing:read', 'analytics:read']),
    rpm_limit           INTEGER CHECK (rpm_limit BETWEEN 1 AND 100000),
    monthly_spend_limit NUMERIC(20, 8) CHECK (monthly_spend_limit >= 0),
    created_by          UUID, -- the member who created it; kept even if that member goes away
    created_at          TIMESTAMPTZ   NOT NULL,
    expires_at          TIMESTAMPTZ,
    last_used_at        TIMESTAMPTZ,
    revoked_at          TIMESTAMPTZ
);

-- The list endpoint's keyset: a company's keys, newest first.
CREATE INDEX api_key_company_page_idx ON api_key (company_id, created_at DESC, id DESC);
