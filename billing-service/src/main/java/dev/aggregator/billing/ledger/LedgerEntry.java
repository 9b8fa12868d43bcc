package dev.aggregator.billing.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One signed, immutable balance change. */
public record LedgerEntry(
        UUID id,
        UUID companyId,
        EntryType type,
        BigDecimal amount,
        BigDecimal balanceAfter,
        String description,
        String requestId,
        Instant createdAt) {}
