-- Opaque refresh tokens, stored only as SHA-256 hashes. A family is one login's chain of
-- rotations: presenting a used token again revokes the whole family.
CREATE TABLE refresh_token (
    id         UUID PRIMARY KEY,
    token_hash CHAR(64)    NOT NULL UNIQUE,
    family_id  UUID        NOT NULL,
    user_id    UUID        NOT NULL REFERENCES member (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);

CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
