package dev.aggregator.proxy.testsupport;

import dev.aggregator.common.outbox.OutboxRelay;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import tools.jackson.databind.JsonNode;

/**
 * The usage events a test's requests journaled, read back from the proxy's outbox. The relay
 * deletes the rows it published, so it is paused while each test runs (and started again after the
 * test's own {@code @AfterEach}). A test class registers it with {@code @RegisterExtension}.
 */
public final class UsageOutbox implements BeforeEachCallback, AfterEachCallback {

    private OutboxRelay relay;
    private JdbcClient jdbc;

    @Override
    public void beforeEach(ExtensionContext context) {
        var spring = SpringExtension.getApplicationContext(context);
        relay = spring.getBean(OutboxRelay.class);
        jdbc = spring.getBean(JdbcClient.class);
        relay.stop();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        relay.start();
    }

    /**
     * The company's usage events, oldest first; those written in one batch by their completion
     * tokens, so that a stream's checkpoints (which only count up) stand in the order they were taken.
     */
    public List<JsonNode> eventsOf(UUID companyId) {
        return jdbc.sql("""
                        SELECT event::text FROM outbox_event, jsonb_array_elements(payload) AS event WHERE event->>'company_id' = ?
                        ORDER BY created_at, (event->>'completion_tokens')::bigint""").param(companyId.toString()).query(String.class).list().stream()
                .map(Json.MAPPER::readTree)
                .toList();
    }

    /** The request's one usage event. */
    public JsonNode eventOf(String requestId) {
        String payload = jdbc.sql(
                        "SELECT event::text FROM outbox_event, jsonb_array_elements(payload) AS event WHERE event->>'request_id' = ?")
                .param(requestId)
                .query(String.class)
                .single();
        return Json.MAPPER.readTree(payload);
    }
}
