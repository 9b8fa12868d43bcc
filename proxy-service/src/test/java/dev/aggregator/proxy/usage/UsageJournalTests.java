package dev.aggregator.proxy.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.outbox.OutboxRelay;
import dev.aggregator.common.tracing.TraceContexts;
import dev.aggregator.proxy.metrics.ProxyMetrics;
import dev.aggregator.proxy.openai.OpenAiException;
import dev.aggregator.proxy.routing.Candidate;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Eventually;
import dev.aggregator.proxy.testsupport.OutboxOutage;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal against the real database: many requests share one commit, a failing write is
 * retried until it lands, and the lease fence counts usage only while the lease is active.
 */
@ProxyServiceTest
class UsageJournalTests {

    private static final Consumer<UsageRecorded> NOTHING = event -> {};

    @Autowired
    UsageRecorder recorder;

    @Autowired
    UsageJournal journal;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JsonMapper json;

    @Autowired
    OutboxRelay relay;

    @Autowired
    MeterRegistry meters;

    private final Identity identity = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final Candidate candidate = Candidates.priced("1", "2");

    /** The relay deletes rows it published; paused, so that the rows can be read back. */
    @BeforeEach
    void pauseTheRelay() {
        relay.stop();
    }

    @AfterEach
    void endTheOutage() {
        relay.start();
        OutboxOutage.end(jdbc);
    }

    @Test
    void concurrentRequestsShareOneCommitAndEveryEventLands() throws Exception {
        UUID lease = lease("ACTIVE");
        double batchesBefore = count("aggregator.usage.journal.batches");
        double eventsBefore = count("aggregator.usage.journal.events");
        int waiting = 49;
        var written = new ArrayList<CompletableFuture<UsageRecorded>>();
        try (Connection blocker = dataSource.getConnection();
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // Hold the lease row: the writer's first batch waits on it, so that the requests
            // arriving meanwhile queue up behind it, as they do behind any commit's fsync.
            blocker.setAutoCommit(false);
            try (var lock = blocker.prepareStatement("SELECT 1 FROM lease WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, lease);
                lock.executeQuery().close();
            }
            // Queued from this thread (a checkpoint is not waited for), so that it is surely first.
            var trail = recorder.trail(request("first"), lease);
            recorder.checkpoint(trail, candidate, new TokenUsage(1_000, 0), null);
            Eventually.until(Duration.ofSeconds(5), "the first batch taken", () -> journal.queued() == 0);
            for (int i = 0; i < waiting; i++) {
                var next = recorder.trail(request("concurrent-" + i), lease);
                written.add(CompletableFuture.supplyAsync(
                        () -> recorder.served(next, candidate, new TokenUsage(1_000, 500), null, 200, null, NOTHING),
                        threads));
            }
            Eventually.until(Duration.ofSeconds(5), "the others queued", () -> journal.queued() == waiting);
            blocker.rollback();
        }
        List<UsageRecorded> events =
                written.stream().map(CompletableFuture::join).toList();

        assertThat(count("aggregator.usage.journal.events") - eventsBefore).isEqualTo(50);
        assertThat(count("aggregator.usage.journal.batches") - batchesBefore).isEqualTo(2);
        for (UsageRecorded event : events) {
            JsonNode payload = payload(event.eventId());
            assertThat(payload.path("usage_id").asString())
                    .isEqualTo(event.usageId().toString());
            assertThat(payload.path("lease_id").asString()).isEqualTo(lease.toString());
            assertThat(payload.path("cost").decimalValue()).isEqualByComparingTo(event.cost());
            assertThat(payload.path("request_id").asString()).isEqualTo(event.requestId());
        }
        // 1 × 0.001 + 49 × (0.001 + 0.001)
        assertThat(recordedCost(lease)).isEqualByComparingTo("0.09900000");
    }

    @Test
    void requestsStartedTogetherShareCommitsWithoutAnyHelp() throws Exception {
        UUID lease = lease("ACTIVE");
        double batchesBefore = count("aggregator.usage.journal.batches");
        double eventsBefore = count("aggregator.usage.journal.events");
        int requests = 100;
        var start = new CyclicBarrier(requests);
        var written = new ArrayList<Future<UsageRecorded>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                var trail = recorder.trail(request("together-" + i), lease);
                written.add(threads.submit(() -> {
                    start.await();
                    return recorder.served(trail, candidate, new TokenUsage(10, 10), null, 200, null, NOTHING);
                }));
            }
            for (var event : written)
                assertThat(outboxRows(event.get().eventId())).isEqualTo(1);
        }

        double batches = count("aggregator.usage.journal.batches") - batchesBefore;
        assertThat(count("aggregator.usage.journal.events") - eventsBefore).isEqualTo(requests);
        assertThat(batches).isLessThan(requests);
    }

    @Test
    void aFailedWriteIsRetriedUntilItLandsWhileItsWaiterGetsA503() {
        var impatient = new UsageJournal(
                jdbc,
                transactions,
                json,
                relay,
                new UsageJournalProperties(Duration.ofSeconds(10), Duration.ofMillis(500), 500, Duration.ofMillis(200)),
                new SimpleMeterRegistry());
        impatient.start();
        try {
            OutboxOutage.begin(jdbc);
            var trail = new UsageRecorder(impatient, TraceContexts.NONE, new ProxyMetrics(new SimpleMeterRegistry()))
                    .trail(request("during-outage"), null);
            var event = event(trail, "0.5", false);
            CompletableFuture<UsageRecorded> written = impatient.submit(event, BigDecimal.ZERO);

            assertThatThrownBy(() -> impatient.await(written))
                    .isInstanceOfSatisfying(
                            OpenAiException.class,
                            e -> assertThat(e.status().value()).isEqualTo(503));
            assertThat(outboxRows(event.eventId())).isZero();

            OutboxOutage.lift(jdbc);

            assertThat(written.join().eventId()).isEqualTo(event.eventId());
            assertThat(outboxRows(event.eventId())).isEqualTo(1);
        } finally {
            impatient.stop();
        }
    }

    @Test
    void anActiveLeaseAccumulatesOnlyWhatIsNewInCumulativeEvents() {
        UUID lease = lease("ACTIVE");
        var trail = recorder.trail(request("stream"), lease);

        recorder.checkpoint(trail, candidate, new TokenUsage(100_000, 0), null); // 0.1
        recorder.checkpoint(trail, candidate, new TokenUsage(100_000, 100_000), null); // 0.3
        var last = recorder.served(trail, candidate, new TokenUsage(100_000, 150_000), null, 200, null, NOTHING);

        assertThat(last.cost()).isEqualByComparingTo("0.4");
        assertThat(recordedCost(lease)).isEqualByComparingTo("0.4");
        assertThat(payload(last.eventId()).path("lease_id").asString()).isEqualTo(lease.toString());
    }

    @Test
    void usageUnderAClosingLeaseIsWrittenWithoutALeaseAndNotCounted() {
        UUID lease = lease("CLOSING");
        var trail = recorder.trail(request("late"), lease);

        var event = recorder.served(trail, candidate, new TokenUsage(1_000_000, 0), null, 200, null, NOTHING);

        assertThat(event.leaseId()).isNull();
        JsonNode payload = payload(event.eventId());
        assertThat(payload.has("lease_id")).isFalse();
        assertThat(payload.path("cost").decimalValue()).isEqualByComparingTo("1");
        assertThat(recordedCost(lease)).isZero();
    }

    private UsageRecorded event(UsageTrail trail, String cost, boolean checkpoint) {
        var request = trail.request();
        return new UsageRecorded(
                UUID.randomUUID(),
                java.time.Instant.now(),
                request.requestId(),
                trail.usageId(),
                identity.companyId(),
                identity.apiKeyId(),
                null,
                request.endpoint(),
                request.model(),
                candidate.providerId(),
                candidate.providerName(),
                candidate.providerModel(),
                false,
                UsageRecorded.SUCCESS,
                200,
                null,
                1,
                1,
                candidate.inputPricePerMillion(),
                candidate.outputPricePerMillion(),
                new BigDecimal(cost),
                trail.leaseId(),
                checkpoint,
                1,
                null,
                null);
    }

    private ProxiedRequest request(String name) {
        return new ProxiedRequest(
                "req_" + name + "_" + UUID.randomUUID(),
                identity,
                "/v1/chat/completions",
                "gpt-x",
                false,
                System.nanoTime());
    }

    private UUID lease(String state) {
        UUID lease = UUID.randomUUID();
        jdbc.sql("INSERT INTO lease (id, company_id, instance_id, state) VALUES (?, ?, ?, ?)")
                .params(lease, identity.companyId(), UUID.randomUUID(), state)
                .update();
        return lease;
    }

    private BigDecimal recordedCost(UUID lease) {
        return jdbc.sql("SELECT recorded_cost FROM lease WHERE id = ?")
                .param(lease)
                .query(BigDecimal.class)
                .single();
    }

    private long outboxRows(UUID eventId) {
        return jdbc.sql(
                        "SELECT count(*) FROM outbox_event, jsonb_array_elements(payload) AS event WHERE event->>'event_id' = ?")
                .param(eventId.toString())
                .query(Long.class)
                .single();
    }

    private JsonNode payload(UUID eventId) {
        return json.readTree(jdbc.sql(
                        "SELECT event::text FROM outbox_event, jsonb_array_elements(payload) AS event WHERE event->>'event_id' = ?")
                .param(eventId.toString())
                .query(String.class)
                .single());
    }

    private double count(String name) {
        return meters.counter(name).count();
    }
}
