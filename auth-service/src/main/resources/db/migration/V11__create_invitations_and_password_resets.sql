-- Team invitations, password resets, member names and last logins, refresh-token login start.

-- What the members list shows besides the email.
ALTER TABLE member
    ADD COLUMN name          VARCHAR(200),
    ADD COLUMN last_login_at TIMESTAMPTZ;

-- A pending invitation to join a company. Only the SHA-256 of its token is kept: the token is
-- shown once and e-mailed. Re-inviting an address deletes its pending row, so the old token dies.
CREATE TABLE invitation (
    id          UUID PRIMARY KEY,
    company_id  UUID         NOT NULL REFERENCES company (id),
    email       VARCHAR(254) NOT NULL,
    role        VARCHAR(20)  NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
    token_hash  CHAR(64)     NOT NULL UNIQUE,
    invited_by  UUID, -- the inviting member; kept even if that member goes away
    created_at  TIMESTAMPTZ  NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL,
    accepted_at TIMESTAMPTZ
);

-- At most one pending invitation per company and address, whatever its case.
CREATE UNIQUE INDEX invitation_pending_email_key ON invitation (company_id, lower(email)) WHERE accepted_at IS NULL;

-- Single-use password-reset tokens, stored as SHA-256 hashes; rows also count the mails sent
-- to an account within the last hour.
CREATE TABLE password_reset (
    id         UUID PRIMARY KEY,
    user_id    UUID        NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    token_hash CHAR(64)    NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE INDEX password_reset_user_idx ON password_reset (user_id, created_at DESC);

-- Removing a member deletes its refresh tokens with it.
ALTER TABLE refresh_token DROP CONSTRAINT refresh_token_user_id_fkey,
    ADD CONSTRAINT refresh_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES member (id) ON DELETE CASCADE;

-- Absolute lifetime of a login: rotations keep the family's first login time.
ALTER TABLE refresh_token ADD COLUMN family_started_at TIMESTAMPTZ;
UPDATE refresh_token SET family_started_at = created_at WHERE family_started_at IS NULL;
ALTER TABLE refresh_token ALTER COLUMN family_started_at SET NOT NULL;
CREATE INDEX refresh_token_user_idx ON refresh_token (user_id, created_at DESC);
