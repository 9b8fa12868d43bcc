package dev.aggregator.billing.ledger;

/** A ledger entry together with the account as it stands right after it. */
public record Posting(LedgerEntry entry, AccountBalance account) {}
