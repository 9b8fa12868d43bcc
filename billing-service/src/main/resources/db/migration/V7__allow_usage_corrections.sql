-- A stream's checkpoints are charged provisionally; its final event is exact and may give back what
-- a checkpoint over-estimated, as a positive USAGE entry (the contract's types stay as they are;
-- amounts are signed).
ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_sign_matches_type;
ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_sign_matches_type CHECK (
    (type IN ('CREDIT', 'REFERRAL_COMMISSION', 'REFUND') AND amount > 0)
        OR (type IN ('DEBIT', 'SUBSCRIPTION') AND amount < 0)
        OR (type = 'USAGE' AND amount <> 0));
