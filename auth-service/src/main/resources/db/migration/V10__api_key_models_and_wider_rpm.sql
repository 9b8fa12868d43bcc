-- An API key may be restricted to some public model names (empty: every model), and its own
-- requests-a-minute limit may go up to the contract's 1,000,000.
ALTER TABLE api_key ADD COLUMN models TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE api_key DROP CONSTRAINT api_key_rpm_limit_check;
ALTER TABLE api_key ADD CONSTRAINT api_key_rpm_limit_check CHECK (rpm_limit BETWEEN 1 AND 1000000);
