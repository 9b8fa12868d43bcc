package dev.aggregator.common.outbox;

import dev.aggregator.common.events.DomainEvent;
import dev.aggregator.common.tracing.TraceContexts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records an event in the same transaction as the change it describes, so that the event is
 * published if and only if the change commits, and wakes the relay once that commit is done.
 */
public class OutboxWriter {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Runnable afterCommit;
    private final TraceContexts traces;

    /** @param afterCommit what to run once the transaction commits, e.g. {@link OutboxRelay#wake()} */
    public OutboxWriter(JdbcClient jdbc, JsonMapper json, Runnable afterCommit) {
        this(jdbc, json, afterCommit, TraceContexts.NONE);
    }

    /** @param traces whose current context is stored with the row, for the relay to publish */
    public OutboxWriter(JdbcClient jdbc, JsonMapper json, Runnable afterCommit, TraceContexts traces) {
        this.jdbc = jdbc;
        this.json = json;
        this.afterCommit = afterCommit;
        this.traces = traces;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(DomainEvent event) {
        jdbc.sql(
                        "INSERT INTO outbox_event (id, event_type, payload, created_at, trace_parent) VALUES (?, ?, ?::jsonb, ?, ?)")
                .params(
                        event.eventId(),
                        event.type(),
                        json.writeValueAsString(event),
                        java.sql.Timestamp.from(event.occurredAt()),
                        traces.current())
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    afterCommit.run();
                }
            });
        }
    }
}
