package dev.aggregator.billing.leases;

import dev.aggregator.billing.keybudgets.KeyMonth;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A hold on a company's funds granted to one proxy instance, for many requests.
 *
 * @param amount granted so far (the sum of its grant and extensions)
 * @param settled charged under it so far
 * @param finalCost what the holder recorded under it, known from its close on
 * @param keyMonth for a capped API key's lease, the key's month it also holds on; null otherwise
 */
public record Lease(
        UUID id,
        UUID companyId,
        String holder,
        BigDecimal amount,
        BigDecimal settled,
        BigDecimal finalCost,
        LeaseStatus status,
        Instant expiresAt,
        KeyMonth keyMonth) {

    /**
     * What the lease keeps from the company's available funds; {@code account.reserved} is the
     * sum of this over the company's leases. The same rule is the {@code lease.held} column.
     */
    public BigDecimal held() {
        return switch (status) {
            case ACTIVE -> amount.subtract(settled).max(BigDecimal.ZERO);
            case CLOSING -> amount.min(finalCost).subtract(settled).max(BigDecimal.ZERO);
            case CLOSED, EXPIRED -> BigDecimal.ZERO;
        };
    }

    /** What it charged beyond its amount (the worst-case estimates were low): already spent. */
    BigDecimal overrun() {
        return settled.subtract(amount).max(BigDecimal.ZERO);
    }

    public boolean holdsFunds() {
        return status == LeaseStatus.ACTIVE || status == LeaseStatus.CLOSING;
    }

    /**
     * The lease after {@code delta} more was charged under it: a CLOSING lease whose settled
     * reaches its final cost is CLOSED.
     */
    public Lease settle(BigDecimal delta) {
        var newSettled = settled.add(delta);
        var newStatus =
                status == LeaseStatus.CLOSING && newSettled.compareTo(finalCost) >= 0 ? LeaseStatus.CLOSED : status;
        return new Lease(id, companyId, holder, amount, newSettled, finalCost, newStatus, expiresAt, keyMonth);
    }
}
