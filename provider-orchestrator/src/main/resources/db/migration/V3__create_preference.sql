-- A company's provider preferences for one model. Providers are kept by id, so renaming one
-- keeps preferences intact; ids of deleted providers are ignored when read.
CREATE TABLE preference (
    company_id      UUID         NOT NULL,
    model           VARCHAR(200) NOT NULL,
    provider_order  UUID[]       NOT NULL,
    denied          UUID[]       NOT NULL,
    allow_fallbacks BOOLEAN      NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (company_id, model)
);
