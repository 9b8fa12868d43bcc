package dev.aggregator.billing.balance;

import java.math.BigDecimal;
import java.util.UUID;

/** The answer to a credit or debit; {@code transaction_id} is the ledger entry it created. */
public record BalanceAdjustment(UUID companyId, BigDecimal balance, BigDecimal available, UUID transactionId) {}
