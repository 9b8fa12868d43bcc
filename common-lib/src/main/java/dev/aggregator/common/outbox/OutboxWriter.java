package dev.aggregator.common.outbox;

import dev.aggregator.common.events.DomainEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records an event in the same transaction as the change it describes, so that the event is
 * published if and only if the change commits.
 */
public class OutboxWriter {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public OutboxWriter(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(DomainEvent event) {
        jdbc.sql("INSERT INTO outbox_event (id, event_type, payload, created_at) VALUES (?, ?, ?::jsonb, ?)")
                .params(
                        event.eventId(),
                        event.type(),
                        json.writeValueAsString(event),
                        java.sql.Timestamp.from(event.occurredAt()))
                .update();
    }
}
