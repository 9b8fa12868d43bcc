package dev.aggregator.proxy.admission;

import java.math.BigDecimal;
import java.util.UUID;

/** Where a {@link CompanyBudget} gets and gives back its leases: billing plus the fence table. */
interface LeaseSource {

    record Lease(UUID leaseId, BigDecimal amount) {}

    /**
     * A new lease, already in the fence table as ACTIVE (so usage can be recorded under it).
     *
     * @throws dev.aggregator.proxy.billing.FundsShort when the company has less than {@code minimum},
     *     or a capped key's month has less room
     * @throws dev.aggregator.proxy.openai.OpenAiException 503 when billing or the database failed
     */
    Lease open(BudgetScope scope, BigDecimal minimum, BigDecimal desired);

    /**
     * @return the lease's new total
     * @throws dev.aggregator.proxy.billing.LeaseEnded when billing no longer holds it as active
     */
    BigDecimal extend(UUID leaseId, BigDecimal minimum, BigDecimal desired);

    /** Fences the lease, closes it at billing with what was recorded, forgets it. Never throws. */
    void close(UUID companyId, UUID leaseId);
}
