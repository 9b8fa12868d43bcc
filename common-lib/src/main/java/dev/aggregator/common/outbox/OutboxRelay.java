package dev.aggregator.common.outbox;

import dev.aggregator.common.events.EventsProperties;
import dev.aggregator.common.tracing.TraceContexts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows with publisher confirms and deletes them only once the broker
 * confirmed them. A crash in between publishes a row again, which consumers absorb by event id:
 * at-least-once delivery, exactly-once effect.
 *
 * <p>It runs when a writer's commit {@linkplain #wake() wakes} it, so an event leaves within a
 * millisecond or two instead of waiting for a poll; the slow poll only picks up what another
 * instance committed or what a failed attempt left behind. Published rows are deleted rather than
 * marked: a table that only grows slows every later scan, and PostgreSQL may run without
 * autovacuum.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record PendingEvent(UUID id, String type, String payload, String traceParent) {}

    private final JdbcClient jdbc;
    private final RabbitTemplate rabbit;
    private final TransactionTemplate transactions;
    private final EventsProperties events;
    private final OutboxProperties properties;
    private final TraceContexts traces;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** Only the relay thread reads and writes it. */
    private boolean failing;

    private volatile ScheduledExecutorService scheduler;

    public OutboxRelay(
            JdbcClient jdbc,
            RabbitTemplate rabbit,
            TransactionTemplate transactions,
            EventsProperties events,
            OutboxProperties properties) {
        this(jdbc, rabbit, transactions, events, properties, TraceContexts.NONE);
    }

    /** @param traces continues each row's stored trace context with a span of its publish */
    public OutboxRelay(
            JdbcClient jdbc,
            RabbitTemplate rabbit,
            TransactionTemplate transactions,
            EventsProperties events,
            OutboxProperties properties,
            TraceContexts traces) {
        this.jdbc = jdbc;
        this.rabbit = rabbit;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.traces = traces;
    }

    /** Publishes one batch; returns how many rows it published. */
    public int publishBatch() {
        Integer published = transactions.execute(status -> {
            // SKIP LOCKED lets several instances relay side by side without publishing a row twice.
            List<PendingEvent> batch = jdbc.sql("""
                            SELECT id, event_type, payload::text AS payload, trace_parent FROM outbox_event
                            ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                    .param(properties.batchSize())
                    .query((rs, n) -> new PendingEvent(
                            rs.getObject("id", UUID.class),
                            rs.getString("event_type"),
                            rs.getString("payload"),
                            rs.getString("trace_parent")))
                    .list();
            if (batch.isEmpty()) return 0;
            var spans = new PublishSpans(traces, events.exchange());
            try {
                rabbit.invoke(operations -> {
                    batch.forEach(event -> operations.send(events.exchange(), event.type(), toMessage(event, spans)));
                    operations.waitForConfirmsOrDie(properties.confirmTimeout().toMillis());
                    return null;
                });
            } catch (RuntimeException e) {
                spans.ended(e);
                throw e;
            }
            spans.ended(null);
            jdbc.sql("DELETE FROM outbox_event WHERE id IN (:ids)")
                    .param("ids", batch.stream().map(PendingEvent::id).toList())
                    .update();
            return batch.size();
        });
        return published == null ? 0 : published;
    }

    /**
     * Asks for a relay run as soon as the relay thread is free; calls while one is already queued
     * coalesce into it, so a burst of commits costs one run, not one per commit.
     */
    public void wake() {
        var running = scheduler;
        if (running == null || !wakeQueued.compareAndSet(false, true)) return;
        try {
            running.execute(() -> {
                wakeQueued.set(false);
                relay();
            });
        } catch (RejectedExecutionException e) {
            wakeQueued.set(false); // shutting down; the next start's poll publishes the row
        }
    }

    void relay() {
        try {
            while (publishBatch() == properties.batchSize()) {
                // keep draining a backlog before sleeping again
            }
            if (failing) {
                failing = false;
                log.info("Outbox relay publishes again");
            }
        } catch (RuntimeException e) {
            // Every commit wakes the relay: during a broker outage that is hundreds of attempts a
            // second, so the outage is logged once, not once per attempt.
            if (!failing) {
                failing = true;
                log.warn("Outbox relay failed, retrying on every commit and poll: {}", e.getMessage());
            } else {
                log.debug("Outbox relay still failing: {}", e.getMessage());
            }
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("outbox-relay").daemon(true).factory());
        long interval = properties.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::relay, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Graceful shutdown: let a batch in flight finish, so its rows are marked published. */
    @Override
    public synchronized void stop() {
        var running = scheduler;
        scheduler = null;
        if (running == null) return;
        running.shutdown();
        try {
            running.awaitTermination(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    private static Message toMessage(PendingEvent event, PublishSpans spans) {
        var props = new MessageProperties();
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setContentEncoding(StandardCharsets.UTF_8.name());
        props.setMessageId(event.id().toString());
        props.setType(event.type());
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        String traceParent = event.traceParent();
        if (traceParent != null) {
            String carried = spans.continued(traceParent, event.type());
            if (traceParent.indexOf(' ') < 0) {
                props.setHeader(TraceContexts.TRACEPARENT, carried);
            } else {
                // An array of events from several requests: each keeps its own context.
                props.setHeader(TraceContexts.TRACEPARENTS, carried);
            }
        }
        return new Message(event.payload().getBytes(StandardCharsets.UTF_8), props);
    }
}
