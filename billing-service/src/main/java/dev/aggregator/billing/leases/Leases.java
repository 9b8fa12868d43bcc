package dev.aggregator.billing.leases;

import dev.aggregator.billing.config.BillingProperties;
import dev.aggregator.billing.keybudgets.KeyBudget;
import dev.aggregator.billing.keybudgets.KeyBudgets;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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

    private static final BigDecimal QUARTER_SCALE = new BigDecimal("0.25");

    private final LeaseRepository leases;
    private final Ledger ledger;
    private final KeyBudgets keyBudgets;
    private final BillingProperties properties;

    Leases(LeaseRepository leases, Ledger ledger, KeyBudgets keyBudgets, BillingProperties properties) {
        this.leases = leases;
        this.ledger = ledger;
        this.keyBudgets = keyBudgets;
        this.properties = properties;
    }

    /**
     * Grants a new lease sized by the grant rule, or answers 402 with required and available. A
     * capped key's lease is sized by the same rule over the smaller of the company's funds and
     * the key's room, and refused (402 {@code spend_limit_exceeded}) when the room is below the
     * minimum.
     */
    @Transactional
    LeaseView grant(GrantLeaseRequest request) {
        requireDesiredCoversMinimum(request.minimum(), request.desired());
        var company = request.companyId();
        ledger.open(company);
        var capped = request.capped();
        var desired = request.desired();
        if (capped != null) {
            desired = withinKeyRoom(
                    keyBudgets.lockForGrant(capped, company, request.spendLimit()), request.minimum(), desired);
        }
        var granted = ledger.grantHold(company, request.minimum(), desired, BigDecimal.ZERO)
                .orElseThrow(() -> shortOfFunds(company, request.minimum()));
        if (capped != null) keyBudgets.changeHeld(capped, granted);
        return LeaseView.of(leases.insertActive(company, request.holder(), granted, properties.leaseTtl(), capped));
    }

    /**
     * The desired slice cut to the grant rule over the key's room: {@code min(desired, max(minimum,
     * floor8(room / 4)))}; the account's own grant then takes the smaller of the two. 402 when the
     * room is below the minimum.
     */
    private static BigDecimal withinKeyRoom(KeyBudget key, BigDecimal minimum, BigDecimal desired) {
        var room = key.room();
        if (room == null) return desired;
        if (room.compareTo(minimum) < 0) throw spendLimitReached(minimum, room);
        var quarter = room.multiply(QUARTER_SCALE).setScale(Money.SCALE, RoundingMode.FLOOR);
        return desired.min(minimum.max(quarter));
    }

    private static ApiException spendLimitReached(BigDecimal minimum, BigDecimal room) {
        return ApiException.paymentRequired("The API key's monthly spend limit does not cover this request.")
                .with("code", "spend_limit_exceeded")
                .with("required", Money.plain(minimum))
                .with("remaining", Money.plain(room));
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
        var desired = request.desired();
        if (lease.keyMonth() != null) {
            desired = withinKeyRoom(keyBudgets.lock(lease.keyMonth()), request.minimum(), desired);
        }
        var granted = ledger.grantHold(lease.companyId(), request.minimum(), desired, lease.overrun())
                .orElseThrow(() -> shortOfFunds(lease.companyId(), request.minimum()));
        var extended = leases.extend(leaseId, granted, properties.leaseTtl());
        if (lease.keyMonth() != null)
            keyBudgets.changeHeld(lease.keyMonth(), extended.held().subtract(lease.held()));
        return LeaseView.of(extended);
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
        release(lease, lease.held().subtract(closed.held()));
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
        release(lease, lease.held());
        return true;
    }

    /** Gives back what a (locked) lease no longer holds: key month first, then account (lock order). */
    private void release(Lease lease, BigDecimal amount) {
        if (lease.keyMonth() != null) {
            keyBudgets.lock(lease.keyMonth());
            keyBudgets.changeHeld(lease.keyMonth(), amount.negate());
        }
        ledger.releaseHold(lease.companyId(), amount);
    }

    private ApiException shortOfFunds(UUID company, BigDecimal minimum) {
        // Read in the same transaction, after the refused update: the figure that refused it.
        return ApiException.paymentRequired("The available balance does not cover this request.")
                .with("required", Money.plain(minimum))
                .with("available", Money.plain(ledger.balance(company).spendable()));
    }

    private static void requireDesiredCoversMinimum(BigDecimal minimum, BigDecimal desired) {
        if (desired.compareTo(minimum) < 0) throw ApiException.badRequest("desired", "must not be less than minimum");
    }
}
