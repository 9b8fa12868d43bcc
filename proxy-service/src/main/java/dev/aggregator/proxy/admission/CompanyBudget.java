package dev.aggregator.proxy.admission;

import dev.aggregator.proxy.billing.FundsShort;
import dev.aggregator.proxy.billing.LeaseEnded;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * One company's budget in this instance: the lease it currently admits against, and how much of it
 * the finished ({@code spent}) and running ({@code inFlight}) requests use. A request is admitted
 * iff {@code spent + inFlight + worstCase <= granted}: a few additions under a lock, no I/O. When it
 * does not fit, the request waits for one refill of the lease (one at a time per company; every
 * waiter shares it); when what is left runs under half a slice, and billing's last grant was a
 * whole slice (funds are plentiful), a refill starts in the background
 * so that requests rarely wait.
 */
final class CompanyBudget {

    /** A snapshot, for logs and tests. */
    record State(UUID leaseId, BigDecimal granted, BigDecimal spent, BigDecimal inFlight, int inFlightCount) {

        BigDecimal left() {
            return granted.subtract(spent).subtract(inFlight);
        }
    }

    private static final BigDecimal TEN = BigDecimal.TEN;

    private final BudgetScope scope;
    private final LeaseSource leases;
    private final BigDecimal configuredSlice;
    private final Executor background;
    private final LongSupplier nanoTime;

    private final Object lock = new Object();
    // Everything below is guarded by lock.
    private UUID leaseId;
    private BigDecimal granted = BigDecimal.ZERO;
    private BigDecimal spent = BigDecimal.ZERO;
    private BigDecimal inFlight = BigDecimal.ZERO;
    /**
     * The holds of the current lease still running, by identity: two requests with equal holds are
     * still two, and a hold given back twice (or after its lease was replaced) counts once.
     */
    private final Set<Hold> holds = Collections.newSetFromMap(new IdentityHashMap<>());

    private long lastUseNanos;
    /**
     * Whether billing's last grant was a whole slice. Only then does a refill start in the
     * background: when funds are short, billing hands out a quarter of what is left, and refilling
     * ahead of need would soak up what other instances' requests could use.
     */
    private boolean plentiful = true;
    /** The refill under way, null when none is. */
    private CompletableFuture<Void> refill;

    CompanyBudget(
            BudgetScope scope,
            LeaseSource leases,
            BigDecimal configuredSlice,
            Executor background,
            LongSupplier nanoTime) {
        this.scope = scope;
        this.leases = leases;
        this.configuredSlice = configuredSlice;
        this.background = background;
        this.nanoTime = nanoTime;
        this.lastUseNanos = nanoTime.getAsLong();
    }

    UUID companyId() {
        return scope.companyId();
    }

    BudgetScope scope() {
        return scope;
    }

    /**
     * Holds {@code worstCase} of the budget for one request, refilling the lease first when it does
     * not fit.
     *
     * @throws dev.aggregator.proxy.openai.OpenAiException 402 when the company's funds (at billing
     *     plus what is left here) are below the worst case; 503 when billing cannot be reached
     */
    Hold admit(BigDecimal worstCase) {
        if (worstCase.signum() <= 0) return new Hold(scope, null, worstCase);
        BigDecimal slice = configuredSlice.max(worstCase.multiply(TEN));
        while (true) {
            CompletableFuture<Void> running;
            CompletableFuture<Void> mine = null;
            synchronized (lock) {
                if (leaseId != null && fits(worstCase)) return holdLocked(worstCase, slice);
                if (refill == null) {
                    mine = new CompletableFuture<>();
                    refill = mine;
                }
                running = refill;
            }
            if (mine != null) {
                try {
                    refill(mine, worstCase, slice);
                } catch (FundsShort e) {
                    throw e.toOpenAi(worstCase, leftOfCurrentLease());
                }
                continue;
            }
            try {
                running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof FundsShort refused) {
                    // Billing's answer came after this request began to wait, so it is exact for
                    // it too: when even billing's available funds plus what is left here do not
                    // cover this worst case, the 402 is this request's as well. Only a request it
                    // might still fit tries a refill of its own; so a flood beyond the funds (or a
                    // key's cap) costs one billing call per refill, not one per request.
                    var left = leftOfCurrentLease();
                    if (worstCase.compareTo(refused.available().add(left)) > 0) {
                        throw refused.toOpenAi(worstCase, left);
                    }
                    continue;
                }
                if (e.getCause() instanceof RuntimeException failure) throw failure;
                throw e;
            }
        }
    }

    /**
     * Holds {@code worstCase} only if the current lease covers it as it stands, without a refill or
     * a wait; else null, and nothing is held.
     */
    Hold admitIfCovered(BigDecimal worstCase) {
        if (worstCase.signum() <= 0) return new Hold(scope, null, worstCase);
        synchronized (lock) {
            if (leaseId == null || !fits(worstCase)) return null;
            return holdLocked(worstCase, configuredSlice.max(worstCase.multiply(TEN)));
        }
    }

    /**
     * Gives a request's hold back: its worst case leaves {@code inFlight}, its final cost joins
     * {@code spent}. Only for a hold of the current lease, and only once.
     */
    void release(Hold hold, BigDecimal finalCost) {
        if (hold.leaseId() == null) return;
        synchronized (lock) {
            if (!holds.remove(hold)) return;
            inFlight = inFlight.subtract(hold.worstCase());
            spent = spent.add(finalCost);
            lastUseNanos = nanoTime.getAsLong();
        }
    }

    /**
     * Detaches the lease if nothing ran under it for {@code idleNanos}: the caller closes it. A new
     * request then opens a new lease.
     *
     * @return the detached lease, or null
     */
    UUID detachIfIdle(long idleNanos) {
        synchronized (lock) {
            if (leaseId == null || !holds.isEmpty() || refill != null) return null;
            if (nanoTime.getAsLong() - lastUseNanos < idleNanos) return null;
            return detachLocked();
        }
    }

    /** At shutdown: detaches the lease unless a request still runs under it (the reaper closes those). */
    UUID detachIfNothingInFlight() {
        synchronized (lock) {
            if (leaseId == null || !holds.isEmpty()) return null;
            return detachLocked();
        }
    }

    /** Forgets the lease if it is the current one (billing ended it, or a reaper closed it). */
    boolean drop(UUID lease) {
        synchronized (lock) {
            if (!lease.equals(leaseId)) return false;
            detachLocked();
            return true;
        }
    }

    State state() {
        synchronized (lock) {
            return new State(leaseId, granted, spent, inFlight, holds.size());
        }
    }

    private boolean fits(BigDecimal worstCase) {
        return spent.add(inFlight).add(worstCase).compareTo(granted) <= 0;
    }

    private BigDecimal leftLocked() {
        return granted.subtract(spent).subtract(inFlight);
    }

    private BigDecimal leftOfCurrentLease() {
        synchronized (lock) {
            return leaseId == null ? BigDecimal.ZERO : leftLocked().max(BigDecimal.ZERO);
        }
    }

    private Hold holdLocked(BigDecimal worstCase, BigDecimal slice) {
        var hold = new Hold(scope, leaseId, worstCase);
        holds.add(hold);
        inFlight = inFlight.add(worstCase);
        lastUseNanos = nanoTime.getAsLong();
        if (plentiful && refill == null && leftLocked().compareTo(slice.divide(BigDecimal.TWO)) < 0) {
            var inBackground = new CompletableFuture<Void>();
            refill = inBackground;
            background.execute(() -> {
                try {
                    refill(inBackground, worstCase, slice);
                } catch (RuntimeException e) {
                    // Nobody waits on it: a request that does not fit starts a refill of its own and
                    // gets the refusal or the failure first hand.
                }
            });
        }
        return hold;
    }

    private UUID detachLocked() {
        UUID detached = leaseId;
        leaseId = null;
        granted = BigDecimal.ZERO;
        spent = BigDecimal.ZERO;
        inFlight = BigDecimal.ZERO;
        holds.clear();
        return detached;
    }

    /**
     * Extends the current lease by up to a slice, at least by what {@code worstCase} lacks; or, when
     * there is no lease or billing ended it, opens one of up to a slice, at least {@code worstCase}.
     * Completes {@code done} (for the requests waiting on it) however it ends, and throws its failure.
     */
    private void refill(CompletableFuture<Void> done, BigDecimal worstCase, BigDecimal slice) {
        try {
            UUID current;
            BigDecimal left;
            synchronized (lock) {
                current = leaseId;
                left = current == null ? BigDecimal.ZERO : leftLocked();
            }
            if (current == null || !extended(current, worstCase.subtract(left), worstCase, slice)) {
                install(leases.open(scope, worstCase, slice), slice);
            }
            finish(done, null);
        } catch (RuntimeException e) {
            finish(done, e);
            throw e;
        }
    }

    /** @return false when billing ended the lease (it is then detached and closed) */
    private boolean extended(UUID current, BigDecimal shortfall, BigDecimal worstCase, BigDecimal slice) {
        // A background refill has no shortfall: it asks for at least one more such request.
        BigDecimal minimum = shortfall.signum() > 0 ? shortfall : worstCase;
        try {
            BigDecimal total = leases.extend(current, minimum, slice);
            synchronized (lock) {
                if (current.equals(leaseId)) {
                    plentiful = total.subtract(granted).compareTo(slice) >= 0;
                    granted = granted.max(total);
                }
            }
            return true;
        } catch (LeaseEnded e) {
            if (drop(current)) background.execute(() -> leases.close(scope.companyId(), current));
            return false;
        }
    }

    private void install(LeaseSource.Lease lease, BigDecimal slice) {
        synchronized (lock) {
            if (leaseId == null) {
                leaseId = lease.leaseId();
                granted = lease.amount();
                plentiful = lease.amount().compareTo(slice) >= 0;
                spent = BigDecimal.ZERO;
                inFlight = BigDecimal.ZERO;
                holds.clear();
                // A fresh lease is not idle before its first request had a chance to use it.
                lastUseNanos = nanoTime.getAsLong();
                return;
            }
        }
        // Only one refill runs at a time, so this cannot happen; never hold two leases if it does.
        background.execute(() -> leases.close(scope.companyId(), lease.leaseId()));
    }

    private void finish(CompletableFuture<Void> done, RuntimeException failure) {
        synchronized (lock) {
            if (refill == done) refill = null;
        }
        if (failure == null) done.complete(null);
        else done.completeExceptionally(failure);
    }
}
