package dev.aggregator.proxy.admission;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What one admitted request holds of its company's budget until it finishes.
 *
 * @param leaseId the lease the worst case was admitted against; null when nothing is held (a free
 *     offering, whose worst case is 0)
 */
public record Hold(UUID companyId, UUID leaseId, BigDecimal worstCase) {}
