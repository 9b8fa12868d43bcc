-- RS256 key pairs behind the access tokens, shared by every instance of the service.
CREATE TABLE signing_key (
    kid         VARCHAR(64) PRIMARY KEY,
    public_key  BYTEA       NOT NULL, -- X.509 SubjectPublicKeyInfo, DER
    private_key BYTEA       NOT NULL, -- PKCS#8, DER
    created_at  TIMESTAMPTZ NOT NULL,
    active      BOOLEAN     NOT NULL
);

-- At most one key signs; two instances starting together cannot both create one.
CREATE UNIQUE INDEX signing_key_single_active ON signing_key (active) WHERE active;
