package dev.aggregator.proxy.admission;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What one admitted request holds of its budget until it finishes.
 *
 * @param scope the budget: its company's, or its capped API key's
 * @param leaseId the lease the worst case was admitted against; null when nothing is held (a free
 *     offering, whose worst case is 0)
 */
public record Hold(BudgetScope scope, UUID leaseId, BigDecimal worstCase) {

    public UUID companyId() {
        return scope.companyId();
    }
}
