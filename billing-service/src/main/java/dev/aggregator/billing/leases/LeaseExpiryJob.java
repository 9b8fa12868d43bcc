package dev.aggregator.billing.leases;

import dev.aggregator.billing.config.BillingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The backstop: releases the hold of ACTIVE or CLOSING leases nobody closed or renewed in time
 * (every proxy instance that could have closed them is gone). The normal end of a lease is its
 * close; usage arriving after expiry is still charged, to the balance.
 */
@Component
public class LeaseExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(LeaseExpiryJob.class);

    private final Leases leases;
    private final BillingProperties properties;

    LeaseExpiryJob(Leases leases, BillingProperties properties) {
        this.leases = leases;
        this.properties = properties;
    }

    @Scheduled(
            initialDelayString = "${aggregator.billing.lease-expiry-interval:30s}",
            fixedDelayString = "${aggregator.billing.lease-expiry-interval:30s}")
    void run() {
        try {
            int expired = expireOverdue();
            if (expired > 0) log.info("Expired {} leases nobody closed", expired);
        } catch (RuntimeException e) {
            log.warn("Lease expiry failed, will retry: {}", e.getMessage());
        }
    }

    /**
     * Expires overdue leases one per transaction, so each touches a single lease and account and
     * can never deadlock with another instance or a settlement. Returns how many it expired.
     */
    public int expireOverdue() {
        int expired = 0;
        while (expired < properties.expiryBatchSize() && leases.expireOne()) {
            expired++;
        }
        return expired;
    }
}
