package dev.aggregator.proxy.usage;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The usage journaled so far for one proxied request. Its events carry cumulative figures under
 * one {@code usageId}; the fence must only count what is new, so the trail remembers the highest
 * cost already handed to the journal. A request's events are journaled from one thread at a time
 * (its own), the methods are synchronized only to publish the figure safely between the request
 * thread and the stream's async thread.
 */
public final class UsageTrail {

    private final ProxiedRequest request;
    private final UUID usageId = UUID.randomUUID();
    private final UUID leaseId;
    private final String traceParent;
    private BigDecimal journaled = BigDecimal.ZERO;

    UsageTrail(ProxiedRequest request, UUID leaseId, String traceParent) {
        this.request = request;
        this.leaseId = leaseId;
        this.traceParent = traceParent;
    }

    public ProxiedRequest request() {
        return request;
    }

    public UUID usageId() {
        return usageId;
    }

    /**
     * The trace context of the request's thread when the trail started (null while tracing is off):
     * a stream's events are journaled from another thread, and written by the journal's.
     */
    String traceParent() {
        return traceParent;
    }

    /** The lease that admitted the request; null when nothing was held (a free offering). */
    public UUID leaseId() {
        return leaseId;
    }

    /**
     * What the fence must add for an event of this cumulative cost, and remembers it as journaled.
     * A checkpoint only ever adds (its figure is provisional); the final event is authoritative
     * and may take back what a checkpoint over-estimated (the prompt estimate errs high, the
     * provider's final count does not), exactly as billing corrects the charge. So the fence's
     * {@code recorded_cost} stays equal to what billing charges under the lease.
     */
    synchronized BigDecimal advanceTo(BigDecimal cost, boolean checkpoint) {
        BigDecimal delta = cost.subtract(journaled);
        if (checkpoint && delta.signum() <= 0) return BigDecimal.ZERO.setScale(UsageCost.SCALE);
        journaled = cost;
        return delta;
    }

    synchronized BigDecimal journaled() {
        return journaled;
    }
}
