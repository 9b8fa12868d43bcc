package dev.aggregator.proxy.admission;

import dev.aggregator.proxy.config.LeaseProperties;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's leases honest in the background: heartbeats its fence rows, closes idle
 * leases, renews the others at billing, and reaps the leases of dead instances (and the closes
 * that failed). At shutdown, after the web server drained its requests, it closes every lease
 * nothing runs under; a lease still in use is left to another instance's reaper.
 */
@Component
class LeaseKeeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    /** Leases one reaper pass takes over at most; the next pass takes the rest. */
    private static final int REAP_BATCH = 100;
    /** Billing's limit on the ids of one renewal. */
    private static final int RENEW_BATCH = 1000;

    private final CompanyBudgets budgets;
    private final Leases leases;
    private final LeaseFence fence;
    private final LeaseProperties properties;
    private ScheduledExecutorService scheduler;

    LeaseKeeper(CompanyBudgets budgets, LeaseProperties properties) {
        this.budgets = budgets;
        this.leases = budgets.leases();
        this.fence = leases.fence();
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) return;
        // A thread per job, so that a slow billing call never delays the heartbeat past the
        // point where other instances take this one for dead.
        scheduler = Executors.newScheduledThreadPool(
                4, Thread.ofPlatform().name("lease-keeper-", 0).daemon().factory());
        every(properties.heartbeatInterval(), "heartbeat", this::heartbeat);
        every(properties.idleCheckInterval(), "idle close", budgets::closeIdle);
        every(properties.renewInterval(), "renewal", this::renew);
        every(properties.reaperInterval(), "reaper", this::reap);
    }

    /** Runs after the web server stopped taking and finished its requests (a lower phase stops later). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) return;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
        int closed = budgets.closeAllWithNothingInFlight();
        budgets.shutdownBackground();
        log.info("Closed {} idle leases at shutdown", closed);
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    void heartbeat() {
        fence.heartbeat(leases.instanceId());
    }

    /** Renews this instance's active leases; the ones billing ended are fenced, closed and forgotten. */
    void renew() {
        List<LeaseFence.Active> active = fence.activeOf(leases.instanceId());
        if (active.isEmpty()) return;
        var ended = new HashSet<UUID>();
        for (int from = 0; from < active.size(); from += RENEW_BATCH) {
            var batch = active.subList(from, Math.min(active.size(), from + RENEW_BATCH));
            ended.addAll(leases.billing()
                    .renew(batch.stream().map(LeaseFence.Active::leaseId).toList()));
        }
        for (var lease : active) {
            if (!ended.contains(lease.leaseId())) continue;
            log.info("Billing ended lease {} of company {}; closing it here", lease.leaseId(), lease.companyId());
            budgets.drop(lease.companyId(), lease.leaseId());
            leases.close(lease.companyId(), lease.leaseId());
        }
    }

    /** Closes the leases of dead instances with what they recorded, and retries unfinished closes. */
    void reap() {
        List<LeaseFence.Claimed> claimed =
                fence.claimAbandoned(properties.abandonedAfter(), properties.closeRetryAfter(), REAP_BATCH);
        for (var lease : claimed) {
            if (lease.instanceId().equals(leases.instanceId())) {
                // Our own heartbeat stalled long enough for the lease to count as abandoned; it is
                // fenced now, so stop admitting on it.
                budgets.drop(lease.companyId(), lease.leaseId());
            }
            log.info(
                    "Reaping lease {} of company {} (instance {}) with {} recorded",
                    lease.leaseId(),
                    lease.companyId(),
                    lease.instanceId(),
                    lease.recordedCost());
            leases.closeFenced(lease.companyId(), lease.leaseId(), lease.recordedCost());
        }
    }

    private void every(Duration interval, String job, Runnable task) {
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.warn("Lease {} failed, retried in {} ms: {}", job, millis, e.getMessage());
                    }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
    }
}
