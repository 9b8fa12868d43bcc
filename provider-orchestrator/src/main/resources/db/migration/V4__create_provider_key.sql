-- A provider's pool of API keys: requests spread over them in proportion to their weights. Each
-- key is AES-256-GCM ciphertext bound to the provider's id (as provider.api_key_encrypted was), so
-- the existing keys move over unchanged and become each pool's first key.
CREATE TABLE provider_key (
    id                UUID PRIMARY KEY,
    provider_id       UUID        NOT NULL REFERENCES provider (id) ON DELETE CASCADE,
    api_key_encrypted TEXT        NOT NULL,
    weight            INTEGER     NOT NULL CHECK (weight BETWEEN 1 AND 1000),
    created_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX provider_key_provider_idx ON provider_key (provider_id, created_at);

INSERT INTO provider_key (id, provider_id, api_key_encrypted, weight, created_at)
SELECT gen_random_uuid(), id, api_key_encrypted, 1, created_at FROM provider WHERE api_key_encrypted IS NOT NULL;

ALTER TABLE provider DROP COLUMN api_key_encrypted;

-- A company may rank the providers after its own order by observed latency or throughput.
ALTER TABLE preference ADD COLUMN sort VARCHAR(20);
