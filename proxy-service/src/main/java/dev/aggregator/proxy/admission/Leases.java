package dev.aggregator.proxy.admission;

import dev.aggregator.proxy.billing.LeaseClient;
import dev.aggregator.proxy.openai.OpenAiException;
import java.math.BigDecimal;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * This instance's leases: granted and extended by billing, fenced in the {@code lease} table. Each
 * instance has a random id of its own, the lease holder billing records and the owner of its
 * fence rows.
 */
@Component
class Leases implements LeaseSource {

    private static final Logger log = LoggerFactory.getLogger(Leases.class);

    private final LeaseClient billing;
    private final LeaseFence fence;
    private final UUID instanceId = UUID.randomUUID();

    Leases(LeaseClient billing, LeaseFence fence) {
        this.billing = billing;
        this.fence = fence;
    }

    UUID instanceId() {
        return instanceId;
    }

    LeaseClient billing() {
        return billing;
    }

    LeaseFence fence() {
        return fence;
    }

    /** The fence row is written before any request is admitted on the lease, so none of its usage is refused. */
    @Override
    public Lease open(BudgetScope scope, BigDecimal minimum, BigDecimal desired) {
        var companyId = scope.companyId();
        var granted = billing.grant(new LeaseClient.GrantRequest(
                companyId,
                instanceId.toString(),
                minimum,
                desired,
                scope.apiKeyId(),
                scope.spendLimit(),
                scope.month()));
        try {
            fence.insert(granted.leaseId(), companyId, instanceId);
        } catch (DataAccessException e) {
            log.warn("Lease {} could not be fenced, giving it back: {}", granted.leaseId(), e.getMessage());
            try {
                billing.close(granted.leaseId(), BigDecimal.ZERO);
            } catch (RuntimeException closeFailed) {
                log.warn("Lease {} could not be closed; it expires at billing", granted.leaseId());
            }
            throw OpenAiException.serviceUnavailable();
        }
        log.debug("Lease {} of company {}: {}", granted.leaseId(), companyId, granted.amount());
        return new Lease(granted.leaseId(), granted.amount());
    }

    @Override
    public BigDecimal extend(UUID leaseId, BigDecimal minimum, BigDecimal desired) {
        return billing.extend(leaseId, minimum, desired).amount();
    }

    @Override
    public void close(UUID companyId, UUID leaseId) {
        try {
            fence.fence(leaseId, companyId).ifPresent(recorded -> closeFenced(companyId, leaseId, recorded));
        } catch (DataAccessException e) {
            // Still ACTIVE: once its heartbeat is old, a reaper closes it.
            log.warn("Lease {} could not be fenced for closing: {}", leaseId, e.getMessage());
        }
    }

    /** A fenced lease: closed at billing, then forgotten; if either fails, a reaper retries. */
    void closeFenced(UUID companyId, UUID leaseId, BigDecimal recordedCost) {
        try {
            billing.close(leaseId, recordedCost);
            fence.delete(leaseId, companyId);
            log.debug("Lease {} of company {} closed with {} recorded", leaseId, companyId, recordedCost);
        } catch (RuntimeException e) {
            log.warn("Lease {} could not be closed yet, a reaper retries: {}", leaseId, e.getMessage());
        }
    }
}
