-- Offerings imported from a provider's model list (POST /v1/providers/{id}/sync-models) wait,
-- inactive, for a platform admin to review them; only active offerings are routed and listed.
ALTER TABLE offering ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;
