package dev.aggregator.common.outbox;

import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inbox: remembers which events a consumer has handled, in the same transaction as the
 * handling, so a redelivered event changes nothing.
 */
public class ProcessedEvents {

    private final JdbcClient jdbc;

    public ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time this consumer sees the event; false for a redelivery. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean markProcessed(UUID eventId, String consumer) {
        return jdbc.sql("INSERT INTO processed_event (event_id, consumer) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(eventId, consumer)
                        .update()
                == 1;
    }

    /**
     * Deletes the ids handled more than {@code retention} ago, at most {@code batchSize} rows per
     * statement (each its own short transaction, so a backlog never holds many locks or much WAL at
     * once), until a statement comes back short; returns how many it deleted.
     */
    public int purgeOlderThan(Duration retention, int batchSize) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM processed_event WHERE ctid = ANY (ARRAY(
                                SELECT ctid FROM processed_event
                                WHERE processed_at < now() - make_interval(secs => ?)
                                LIMIT ? FOR UPDATE SKIP LOCKED))""").params(retention.toSeconds(), batchSize).update();
            total += deleted;
        } while (deleted == batchSize);
        return total;
    }
}
