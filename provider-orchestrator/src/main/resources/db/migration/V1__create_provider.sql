-- An upstream AI provider. The API key is AES-256-GCM ciphertext, base64(iv || ciphertext),
-- bound to the row's id; it is NULL for openai_compatible endpoints that need no key.
CREATE TABLE provider (
    id                UUID PRIMARY KEY,
    name              VARCHAR(100) NOT NULL,
    type              VARCHAR(40)  NOT NULL,
    base_url          VARCHAR(500) NOT NULL,
    api_key_encrypted TEXT,
    enabled           BOOLEAN      NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);

-- Names are what companies write in their preferences, so "OpenAI" and "openai" are one name.
CREATE UNIQUE INDEX provider_name_uq ON provider (lower(name));
