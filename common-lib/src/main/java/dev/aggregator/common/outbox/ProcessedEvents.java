package dev.aggregator.common.outbox;

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
}
