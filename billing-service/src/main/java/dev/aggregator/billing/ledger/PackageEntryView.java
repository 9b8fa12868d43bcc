package dev.aggregator.billing.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One movement of the company's plan package: {@code OPENED} and {@code RESTORED} add, {@code
 * DRAWN} and {@code EXPIRED} take (signed {@code amount}); {@code remaining_after} is the package
 * after it. With the transactions list it explains every cent of a statement: usage a package
 * paid shows here, not as a {@code USAGE} transaction.
 */
record PackageEntryView(
        UUID id,
        String type,
        BigDecimal amount,
        BigDecimal remainingAfter,
        @JsonInclude(JsonInclude.Include.ALWAYS) String description,
        @JsonInclude(JsonInclude.Include.ALWAYS) String requestId,
        Instant createdAt) {}
