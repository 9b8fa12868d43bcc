CREATE TABLE company (
    id                     UUID PRIMARY KEY,
    name                   VARCHAR(200)  NOT NULL,
    email                  VARCHAR(254)  NOT NULL,
    description            VARCHAR(2000),
    website                VARCHAR(500),
    phone                  VARCHAR(50),
    city                   VARCHAR(100),
    country                VARCHAR(100),
    referral_code          VARCHAR(8)    NOT NULL UNIQUE CHECK (char_length(referral_code) = 8),
    referred_by_company_id UUID REFERENCES company (id),
    created_at             TIMESTAMPTZ   NOT NULL
);

CREATE TABLE member (
    id            UUID PRIMARY KEY,
    company_id    UUID         NOT NULL REFERENCES company (id),
    email         VARCHAR(254) NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(20)  NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'PLATFORM_ADMIN')),
    created_at    TIMESTAMPTZ  NOT NULL
);

-- One account per email across the whole platform, whatever its case.
CREATE UNIQUE INDEX member_email_key ON member (lower(email));
CREATE INDEX member_company_idx ON member (company_id);
