package dev.aggregator.proxy.usage;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.outbox.OutboxRelay;
import dev.aggregator.common.tracing.TraceContexts;
import dev.aggregator.proxy.openai.OpenAiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes usage events durable with one commit for many requests (group commit). Requests hand their
 * event to a queue and wait; one writer thread takes what has queued up (at most a batch), and
 * writes it in one transaction: the fence update of each lease the batch touches, then one insert
 * of every outbox row, then one commit — one fsync for all of them. Then it completes every waiter
 * and wakes the outbox relay.
 *
 * <p>A batch that fails is retried with backoff until it is written: an event is never dropped,
 * because the provider has been paid for it. A waiter gives up after {@code usage-wait-timeout}
 * (its client gets a 503), but its event stays queued and is written once the database is back.
 *
 * <p>The JDBC work happens on the writer thread only: a request thread whose client hung up is
 * interrupted by the container, and an interrupt closes a JDBC socket mid-write. Requests therefore
 * wait uninterruptibly.
 */
@Component
public class UsageJournal implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageJournal.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(10);

    /** One queued event: its JSON is written by the request thread, off the writer's critical path. */
    private record Entry(
            UsageRecorded event,
            String payload,
            BigDecimal leaseDelta,
            String traceParent,
            CompletableFuture<UsageRecorded> written) {}

    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final OutboxRelay relay;
    private final UsageJournalProperties properties;
    private final Counter batches;
    private final Counter events;
    private final Counter lateEvents;
    private final Counter failedAttempts;
    private volatile boolean running;
    private volatile Thread writer;

    UsageJournal(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            JsonMapper json,
            OutboxRelay relay,
            UsageJournalProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.relay = relay;
        this.properties = properties;
        this.batches = meters.counter("aggregator.usage.journal.batches");
        this.events = meters.counter("aggregator.usage.journal.events");
        this.lateEvents = meters.counter("aggregator.usage.journal.late.events");
        this.failedAttempts = meters.counter("aggregator.usage.journal.failed.attempts");
    }

    /**
     * Queues an event without waiting for it.
     *
     * @param leaseDelta what the event adds to its lease's {@code recorded_cost} (ignored without a
     *     lease)
     * @return completed with the event as written (its {@code lease_id} cleared if the fence refused
     *     it) once it is committed
     */
    CompletableFuture<UsageRecorded> submit(UsageRecorded event, BigDecimal leaseDelta) {
        return submit(event, leaseDelta, null);
    }

    /**
     * @param traceParent the trace context of the request (null while tracing is off), stored with
     *     the outbox row so that consumers continue the request's trace
     */
    CompletableFuture<UsageRecorded> submit(UsageRecorded event, BigDecimal leaseDelta, String traceParent) {
        if (!running) throw new IllegalStateException("the usage journal is not running");
        var entry =
                new Entry(event, json.writeValueAsString(event), leaseDelta, traceParent, new CompletableFuture<>());
        queue.add(entry);
        return entry.written();
    }

    /**
     * Waits, ignoring interrupts (the flag is restored afterwards), until {@code written} completes.
     *
     * @throws OpenAiException 503 when it is not durable within {@code usage-wait-timeout}
     */
    UsageRecorded await(CompletableFuture<UsageRecorded> written) {
        long deadline = System.nanoTime() + properties.usageWaitTimeout().toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return written.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    throw OpenAiException.serviceUnavailable();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("usage event could not be journaled", e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Events waiting for the writer; for tests that need a batch to form. */
    int queued() {
        return queue.size();
    }

    private void drain() {
        var batch = new ArrayList<Entry>(properties.usageBatchSize());
        while (running || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, properties.usageBatchSize() - 1);
                writeUntilDone(batch);
            } catch (InterruptedException e) {
                // Only stop() interrupts, once the drain period is over: the JVM is going away.
                log.error("Usage journal interrupted with {} events unwritten", batch.size() + queue.size());
                return;
            } catch (RuntimeException e) {
                // writeUntilDone retries itself; anything here is a bug, and the batch must not vanish.
                log.error("Usage journal writer failed unexpectedly; the batch is requeued", e);
                batch.forEach(entry -> {
                    if (!entry.written().isDone()) queue.add(entry);
                });
            } finally {
                batch.clear();
            }
        }
    }

    /** Retries with doubling backoff; stops trying only when the JVM shuts down (stop()). */
    private void writeUntilDone(List<Entry> batch) throws InterruptedException {
        Duration backoff = FIRST_RETRY;
        while (true) {
            List<UsageRecorded> written;
            try {
                written = write(batch);
            } catch (RuntimeException e) {
                failedAttempts.increment();
                log.warn(
                        "Usage journal could not write {} events, retrying in {} ms: {}",
                        batch.size(),
                        backoff.toMillis(),
                        e.getMessage());
                sleepRetry(backoff);
                backoff = min(backoff.multipliedBy(2), properties.usageRetryBackoffMax());
                continue;
            }
            batches.increment();
            events.increment(batch.size());
            for (int i = 0; i < batch.size(); i++) batch.get(i).written().complete(written.get(i));
            relay.wake();
            return;
        }
    }

    /**
     * One transaction: fence first (its row lock orders the batch against a close of the lease),
     * then ONE outbox row holding the whole batch as a JSON array, which the relay publishes as
     * one message: a commit of ten requests costs one insert, one delete and one broker message,
     * not ten of each. Consumers read an array message as its events ({@code EventBatches}).
     */
    private List<UsageRecorded> write(List<Entry> batch) {
        return transactions.execute(status -> {
            Set<UUID> refused = fence(batch);
            var written = new ArrayList<UsageRecorded>(batch.size());
            var payload = new StringJoiner(",", "[", "]");
            String traceParents = traceParents(batch);
            for (Entry entry : batch) {
                UsageRecorded event = entry.event();
                String json = entry.payload();
                if (event.leaseId() != null && refused.contains(event.leaseId())) {
                    // Late usage: the lease is closing or gone, billing charges the balance directly.
                    event = UsageEvents.withoutLease(event);
                    json = this.json.writeValueAsString(event);
                    lateEvents.increment();
                }
                payload.add(json);
                written.add(event);
            }
            jdbc.sql(
                            "INSERT INTO outbox_event (id, event_type, payload, created_at, trace_parent) VALUES (?, ?, ?::jsonb, ?, ?)")
                    .params(
                            UUID.randomUUID(),
                            UsageRecorded.TYPE,
                            payload.toString(),
                            Timestamp.from(batch.getFirst().event().occurredAt()),
                            traceParents)
                    .update();
            return written;
        });
    }

    /**
     * The trace contexts of the batch's events in array order, space-separated, {@code -} for an
     * event without one (the relay publishes them as a header); null when none has one, as always
     * while tracing is off.
     */
    private static String traceParents(List<Entry> batch) {
        boolean any = false;
        for (Entry entry : batch) any |= entry.traceParent() != null;
        if (!any) return null;
        var joined = new StringJoiner(" ");
        for (Entry entry : batch)
            joined.add(entry.traceParent() == null ? TraceContexts.NO_CONTEXT : entry.traceParent());
        return joined.toString();
    }

    /**
     * Adds each lease's share of the batch to its {@code recorded_cost} while it is ACTIVE, in id
     * order so that two writers can never lock two leases in opposite orders.
     *
     * @return the leases that are no longer active: their events are written without a lease
     */
    private Set<UUID> fence(List<Entry> batch) {
        Map<UUID, BigDecimal> deltas = new TreeMap<>();
        for (Entry entry : batch) {
            UUID lease = entry.event().leaseId();
            if (lease != null) deltas.merge(lease, entry.leaseDelta(), BigDecimal::add);
        }
        Set<UUID> refused = new HashSet<>();
        deltas.forEach((lease, delta) -> {
            int updated = jdbc.sql(
                            "UPDATE lease SET recorded_cost = recorded_cost + ? WHERE id = ? AND state = 'ACTIVE'")
                    .params(delta, lease)
                    .update();
            if (updated == 0) refused.add(lease);
        });
        return refused;
    }

    private void sleepRetry(Duration backoff) throws InterruptedException {
        if (!running) {
            // Shutting down with the database unreachable: keep trying for the drain period only.
            Thread.sleep(Math.min(backoff.toMillis(), 1_000));
            return;
        }
        Thread.sleep(backoff.toMillis());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("usage-journal").daemon(true).start(this::drain);
    }

    /**
     * Graceful shutdown: runs after the web server stopped taking requests (phase below it), and
     * gives the writer {@link #SHUTDOWN_DRAIN} to write what is queued.
     */
    @Override
    public void stop() {
        running = false;
        Thread current = writer;
        if (current == null) return;
        try {
            current.join(SHUTDOWN_DRAIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (current.isAlive()) current.interrupt();
        writer = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
