package dev.aggregator.common.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How far publishing lags behind: the age of the oldest outbox row (every row left is unpublished,
 * the relay deletes what the broker confirmed) and how many rows wait. Read with one query when
 * scraped, at most once a second; a growing lag means events (usage to be charged) are not leaving.
 */
public class OutboxMetrics implements MeterBinder {

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Snapshot(double lagSeconds, double pending, long readAt) {}

    private final JdbcClient jdbc;
    private volatile Snapshot last;

    public OutboxMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(
                        "aggregator.outbox.lag",
                        this,
                        metrics -> metrics.snapshot().lagSeconds())
                .description("Age of the oldest event not yet published to the broker (0 when none waits)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(
                        "aggregator.outbox.pending",
                        this,
                        metrics -> metrics.snapshot().pending())
                .description("Outbox rows not yet published to the broker")
                .register(registry);
    }

    private Snapshot snapshot() {
        Snapshot current = last;
        long now = System.nanoTime();
        if (current != null && now - current.readAt() < MAX_AGE_NANOS) return current;
        Snapshot next;
        try {
            next = jdbc.sql("""
                            SELECT count(*) AS pending,
                                   coalesce(extract(epoch FROM now() - min(created_at)), 0) AS lag
                            FROM outbox_event""")
                    .query((rs, n) -> new Snapshot(Math.max(0, rs.getDouble("lag")), rs.getDouble("pending"), now))
                    .single();
        } catch (RuntimeException e) {
            next = new Snapshot(Double.NaN, Double.NaN, now);
        }
        last = next;
        return next;
    }
}
