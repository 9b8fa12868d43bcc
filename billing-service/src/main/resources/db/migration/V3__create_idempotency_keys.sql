-- The first result of a money-moving POST, per caller company and Idempotency-Key. The row is
-- written in the same transaction as the money movement, so a key is either fully applied and
-- remembered or not at all.
CREATE TABLE idempotency_key (
    scope_company_id UUID         NOT NULL,
    idempotency_key  VARCHAR(200) NOT NULL,
    request_hash     CHAR(64)     NOT NULL,
    response_status  SMALLINT,
    response_body    TEXT,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (scope_company_id, idempotency_key)
);
