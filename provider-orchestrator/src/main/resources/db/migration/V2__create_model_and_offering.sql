-- A model as clients name it (e.g. openai/gpt-4o-mini), and the providers that serve it.
CREATE TABLE model (
    id                VARCHAR(200) PRIMARY KEY,
    context_length    INTEGER CHECK (context_length > 0),
    max_output_tokens INTEGER CHECK (max_output_tokens > 0),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

-- Prices are what companies pay per million tokens; costs are what the provider charges us.
CREATE TABLE offering (
    model_id                 VARCHAR(200)   NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    provider_id              UUID           NOT NULL REFERENCES provider (id) ON DELETE CASCADE,
    provider_model           VARCHAR(200)   NOT NULL,
    input_price_per_million  NUMERIC(20, 8) NOT NULL CHECK (input_price_per_million >= 0),
    output_price_per_million NUMERIC(20, 8) NOT NULL CHECK (output_price_per_million >= 0),
    input_cost_per_million   NUMERIC(20, 8) CHECK (input_cost_per_million >= 0),
    output_cost_per_million  NUMERIC(20, 8) CHECK (output_cost_per_million >= 0),
    PRIMARY KEY (model_id, provider_id)
);

-- Deleting a provider cascades to its offerings.
CREATE INDEX offering_provider_idx ON offering (provider_id);
