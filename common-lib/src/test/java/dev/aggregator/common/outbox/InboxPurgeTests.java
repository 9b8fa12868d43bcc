package dev.aggregator.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The inbox's purge against the real PostgreSQL: ids past the retention go, batch by batch, the rest stay. */
class InboxPurgeTests {

    private static final String SCHEMA = "common_inbox_it";

    private static JdbcClient jdbc;

    @BeforeAll
    static void connect() throws Exception {
        var admin = new PGSimpleDataSource();
        admin.setURL("jdbc:postgresql://127.0.0.1:5432/postgres");
        admin.setUser("postgres");
        JdbcClient.create(admin)
                .sql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE; CREATE SCHEMA " + SCHEMA)
                .update();
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=" + SCHEMA);
        dataSource.setUser("postgres");
        jdbc = JdbcClient.create(dataSource);
        for (var migration :
                new String[] {"V0_1__create_outbox_and_inbox.sql", "V0_2__delete_published_outbox_rows.sql"}) {
            jdbc.sql(new ClassPathResource("db/common/" + migration).getContentAsString(StandardCharsets.UTF_8))
                    .update();
        }
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
