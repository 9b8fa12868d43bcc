package dev.aggregator.common.outbox;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes inbox rows past their retention on a schedule of its own (services need not enable
 * Spring's scheduling for it). PostgreSQL may run without autovacuum: a table that only grows
 * slows every insert's unique check and every scan, so the inbox is kept to its retention.
 * Several instances may purge at once: the delete skips rows another one holds.
 */
public class InboxPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxPurge.class);

    private final ProcessedEvents processedEvents;
    private final InboxProperties properties;
    private volatile ScheduledExecutorService scheduler;

    public InboxPurge(ProcessedEvents processedEvents, InboxProperties properties) {
        this.processedEvents = processedEvents;
        this.properties = properties;
    }

    /** One purge run; returns how many rows it deleted. */
    public int purge() {
        int purged = processedEvents.purgeOlderThan(properties.retention(), properties.purgeBatchSize());
        if (purged > 0) log.info("Purged {} processed event ids older than {}", purged, properties.retention());
        return purged;
    }

    private void run() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("Purging processed event ids failed, will retry: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("inbox-purge").daemon(true).factory());
        long interval = properties.purgeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::run, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        var running = scheduler;
        scheduler = null;
        if (running != null) running.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
