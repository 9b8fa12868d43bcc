package dev.aggregator.billing.usage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes {@code usage_charge} rows past their retention in batches, each batch its own short
 * transaction. The table gains one row per request: without the purge it only grows, and
 * PostgreSQL may run without autovacuum. Settlement refuses events older than the retention, so a
 * purged row can never let a request be charged twice.
 */
@Component
@EnableConfigurationProperties(UsageChargeProperties.class)
class UsageChargePurgeJob {

    private static final Logger log = LoggerFactory.getLogger(UsageChargePurgeJob.class);

    private final UsageChargeRepository charges;
    private final UsageChargeProperties properties;

    UsageChargePurgeJob(UsageChargeRepository charges, UsageChargeProperties properties) {
        this.charges = charges;
        this.properties = properties;
    }

    @Scheduled(
            initialDelayString = "${aggregator.billing.usage-charges.purge-interval:1h}",
            fixedDelayString = "${aggregator.billing.usage-charges.purge-interval:1h}")
    void run() {
        try {
            int purged = purge();
            if (purged > 0) log.info("Purged {} usage charges older than {}", purged, properties.purgeAfter());
        } catch (RuntimeException e) {
            log.warn("Purging usage charges failed, will retry: {}", e.getMessage());
        }
    }

    /** Deletes rows past the retention batch by batch until a batch comes back short; returns how many. */
    int purge() {
        int total = 0;
        int deleted;
        do {
            deleted = charges.deleteUntouchedFor(properties.purgeAfter(), properties.purgeBatchSize());
            total += deleted;
        } while (deleted == properties.purgeBatchSize());
        return total;
    }
}
