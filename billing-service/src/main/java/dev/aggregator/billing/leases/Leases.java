package dev.aggregator.billing.leases;

import dev.aggregator.billing.config.BillingProperties;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Budget leases: holds on a company's funds granted to proxy instances. Every change keeps
 * {@code account.reserved = Σ held(lease)}: whatever changes a lease's {@link Lease#held()}
 * changes reserved by the same amount in the same transaction. Locks are taken lease first,
 * then account, as settlement does.
 */
@Service
public class Leases {

    private final LeaseRepository leases;
    private final Ledger ledger;
    private final BillingProperties properties;

    Leases(LeaseRepository leases, Ledger ledger, BillingProperties properties) {
        this.leases = leases;
        this.ledger = ledger;
        this.properties = properties;
    }

    /** Grants a new lease sized by the grant rule, or answers 402 with required and available. */
    @Transactional
    LeaseView grant(GrantLeaseRequest request) {
        requireDesiredCoversMinimum(request.minimum(), request.desired());
        var company = request.companyId();
        ledger.open(company);
        var granted = ledger.grantHold(company, request.minimum(), request.desired(), BigDecimal.ZERO)
                .orElseThrow(() -> shortOfFunds(company, request.minimum()));
        return LeaseView.of(leases.insertActive(company, request.holder(), granted, properties.leaseTtl()));
    }

    /** Adds a slice to an ACTIVE lease (402 as a grant; 409 when it is no longer ACTIVE). */
    @Transactional
    LeaseView extend(UUID leaseId, ExtendLeaseRequest request) {
        requireDesiredCoversMinimum(request.minimum(), request.desired());
        var lease = leases.lock(leaseId).orElseThrow(() -> ApiException.notFound("Lease not found."));
        if (lease.status() != LeaseStatus.ACTIVE) {
            throw ApiException.conflict("The lease is " + lease.status() + "; open a new one.")
                    .with("status", lease.status().name());
        }
        var granted = ledger.grantHold(lease.companyId(), request.minimum(), request.desired(), lease.overrun())
                .orElseThrow(() -> shortOfFunds(lease.companyId(), request.minimum()));
        return LeaseView.of(leases.extend(leaseId, granted, properties.leaseTtl()));
    }

    /** Pushes the expiry of the ACTIVE leases named; answers those that are not (or unknown). */
    @Transactional
    RenewedLeases renew(List<UUID> leaseIds) {
        var asked = new LinkedHashSet<>(leaseIds);
        var renewed = leases.renew(asked, properties.leaseTtl());
        renewed.forEach(asked::remove);
        return new RenewedLeases(List.copyOf(asked));
    }

    /**
     * Records what the holder recorded under an ACTIVE lease and returns what it no longer needs
     * at once. A lease already closing, closed or expired is left as it is (close is idempotent).
     */
    @Transactional
    void close(UUID leaseId, BigDecimal recordedCost) {
        var lease = leases.lock(leaseId).orElseThrow(() -> ApiException.notFound("Lease not found."));
        if (lease.status() != LeaseStatus.ACTIVE) return;
        var closed = leases.close(leaseId, recordedCost);
        ledger.releaseHold(lease.companyId(), lease.held().subtract(closed.held()));
    }

    /** A usage event's claim that its company's usage was admitted under this lease. */
    public record Claim(UUID leaseId, UUID companyId) {}

    /**
     * Locks, in lease id order, the leases that usage events name together with their company;
     * a lease of another company is not returned (its usage is then charged to the balance).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<UUID, Lease> lockForSettlement(Collection<Claim> claims) {
        var pairs = new ArrayList<Object[]>();
        claims.forEach(claim -> pairs.add(new Object[] {claim.leaseId(), claim.companyId()}));
        var locked = new LinkedHashMap<UUID, Lease>();
        leases.lockForSettlement(pairs).forEach(lease -> locked.put(lease.id(), lease));
        return locked;
    }

    /** Saves leases locked by {@link #lockForSettlement} after charges were drawn from them. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void saveSettled(Collection<Lease> settled) {
        leases.saveSettled(settled);
    }

    /**
     * Expires one overdue lease and releases its hold; false when none is left that no other
     * transaction is working on.
     */
    @Transactional
    public boolean expireOne() {
        var overdue = leases.lockNextOverdue();
        if (overdue.isEmpty()) return false;
        var lease = overdue.get();
        leases.expire(lease.id());
        ledger.releaseHold(lease.companyId(), lease.held());
        return true;
    }

    private ApiException shortOfFunds(UUID company, BigDecimal minimum) {
        // Read in the same transaction, after the refused update: the figure that refused it.
        return ApiException.paymentRequired("The available balance does not cover this request.")
                .with("required", Money.plain(minimum))
                .with("available", Money.plain(ledger.balance(company).available()));
    }

    private static void requireDesiredCoversMinimum(BigDecimal minimum, BigDecimal desired) {
        if (desired.compareTo(minimum) < 0) throw ApiException.badRequest("desired", "must not be less than minimum");
    }
}
