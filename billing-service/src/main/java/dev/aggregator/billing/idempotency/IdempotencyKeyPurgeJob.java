package dev.aggregator.billing.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes {@code Idempotency-Key}s past their TTL in batches, each batch its own short
 * transaction, so a backlog never holds many locks at once. Expired keys are already ignored by
 * {@link IdempotencyKeys}; this only keeps the table from growing forever.
 */
@Component
class IdempotencyKeyPurgeJob {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurgeJob.class);

    private final IdempotencyKeyRepository keys;
    private final IdempotencyProperties properties;

    IdempotencyKeyPurgeJob(IdempotencyKeyRepository keys, IdempotencyProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Scheduled(
            initialDelayString = "${aggregator.billing.idempotency.purge-interval:1h}",
            fixedDelayString = "${aggregator.billing.idempotency.purge-interval:1h}")
    void run() {
        try {
            int purged = purgeExpired(properties.purgeBatchSize());
            if (purged > 0) log.info("Purged {} expired idempotency keys", purged);
        } catch (RuntimeException e) {
            log.warn("Purging expired idempotency keys failed, will retry: {}", e.getMessage());
        }
    }

    /** Deletes expired keys batch by batch until a batch comes back short; returns how many. */
    int purgeExpired(int batchSize) {
        int total = 0;
        int deleted;
        do {
            deleted = keys.deleteExpired(properties.ttl(), batchSize);
            total += deleted;
        } while (deleted == batchSize);
        return total;
    }
}
