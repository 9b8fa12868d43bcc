-- Security- and money-relevant actions, written from AuditRecorded. company_id is null for
-- platform-level actions that belong to no company.
CREATE TABLE audit_log (
    id         UUID        PRIMARY KEY, -- the event_id
    company_id UUID,
    actor      TEXT        NOT NULL,
    action     TEXT        NOT NULL,
    target     TEXT,
    ip         TEXT,
    details    JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX audit_log_company_created_idx ON audit_log (company_id, created_at DESC, id DESC);
CREATE INDEX audit_log_created_idx ON audit_log (created_at DESC, id DESC);
