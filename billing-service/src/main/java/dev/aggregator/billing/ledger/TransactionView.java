package dev.aggregator.billing.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One ledger entry as clients see it; {@code amount} is signed. */
record TransactionView(
        UUID id,
        EntryType type,
        BigDecimal amount,
        BigDecimal balanceAfter,
        @JsonInclude(JsonInclude.Include.ALWAYS) String description,
        @JsonInclude(JsonInclude.Include.ALWAYS) String requestId,
        Instant createdAt) {

    static TransactionView of(LedgerEntry entry) {
        return new TransactionView(
                entry.id(),
                entry.type(),
                Money.plain(entry.amount()),
                Money.plain(entry.balanceAfter()),
                entry.description(),
                entry.requestId(),
                entry.createdAt());
    }
}
