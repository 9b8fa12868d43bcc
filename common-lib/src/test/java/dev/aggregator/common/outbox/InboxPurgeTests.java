package dev.aggregator.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The inbox's purge against the real PostgreSQL: ids past the retention go, batch by batch, the rest stay. */
class InboxPurgeTests {

    private static final String SCHEMA = "common_inbox_it";

    private static JdbcClient jdbc;

    @BeforeAll
    static void connect() throws Exception {
        jdbc = JdbcClient.create(MigratedSchema.create(SCHEMA));
    }

    private static void handled(String consumer, Duration ago, int count) {
        for (int i = 0; i < count; i++) {
            jdbc.sql(
                            "INSERT INTO processed_event (event_id, consumer, processed_at) VALUES (?, ?, now() - ?::interval)")
                    .params(UUID.randomUUID(), consumer, ago.toSeconds() + " seconds")
                    .update();
        }
    }

    private static long rows(String consumer, String condition) {
        return jdbc.sql("SELECT count(*) FROM processed_event WHERE consumer = ? AND " + condition)
                .param(consumer)
                .query(Long.class)
                .single();
    }

    @Test
    void idsPastTheRetentionArePurgedInBatchesAndRecentOnesStay() {
        var consumer = "inbox-purge-" + UUID.randomUUID();
        handled(consumer, Duration.ofDays(8), 7);
        handled(consumer, Duration.ofDays(6), 3);
        handled(consumer, Duration.ZERO, 2);
        var purge = new InboxPurge(
                new ProcessedEvents(jdbc), new InboxProperties(Duration.ofDays(7), Duration.ofHours(1), 3));

        assertThat(purge.purge()).isEqualTo(7); // batches of 3, 3, 1
        assertThat(rows(consumer, "true")).isEqualTo(5);
        assertThat(rows(consumer, "processed_at < now() - interval '7 days'")).isZero();
        assertThat(purge.purge()).isZero();
    }
}
