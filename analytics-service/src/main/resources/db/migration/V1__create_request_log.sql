-- One row per proxied request, written from UsageRecorded. Prompt and completion text are
-- never stored here.
CREATE TABLE request_log (
    id                UUID          PRIMARY KEY, -- the event_id: one event, one row
    request_id        TEXT          NOT NULL,
    company_id        UUID          NOT NULL,
    api_key_id        UUID,
    user_id           UUID,
    endpoint          TEXT          NOT NULL,
    model             TEXT          NOT NULL,
    provider_id       UUID,
    provider_name     TEXT,
    status            TEXT          NOT NULL,
    http_status       INTEGER       NOT NULL,
    error_code        TEXT,
    prompt_tokens     BIGINT        NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens BIGINT        NOT NULL CHECK (completion_tokens >= 0),
    cost              NUMERIC(20,8) NOT NULL CHECK (cost >= 0),
    latency_ms        BIGINT        NOT NULL,
    ttft_ms           BIGINT,
    streamed          BOOLEAN       NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL
);

-- Every company-facing query: WHERE company_id = ? AND created_at in a range, newest first.
CREATE INDEX request_log_company_created_idx ON request_log (company_id, created_at DESC, id DESC);
-- The platform admin's cross-company performance view.
CREATE INDEX request_log_created_idx ON request_log (created_at DESC);
