package dev.aggregator.proxy.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.common.outbox.OutboxRelay;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Eventually;
import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The usage of streams as billing receives it: checkpoints while a long stream runs, one final
 * event however it ends. The mock-provider streams slowly for a model named {@code
 * …-chunk-delay-<ms>}; the checkpoint interval is short here so that a stream of a few seconds
 * checkpoints several times.
 */
@ProxyServiceTest
@TestPropertySource(properties = "aggregator.proxy.usage-checkpoint-interval=300ms")
class StreamUsageTests {

    private static final String PATH = "/v1/chat/completions";
    /** The mock echoes the user's words after "Mock reply to:", one content chunk per word. */
    private static final String EIGHT_WORDS = "one two three four five six seven eight";

    private static final int CONTENT_CHUNKS = 3 + 8;

    @LocalServerPort
    int port;

    @Autowired
    InternalTokens tokens;

    @Autowired
    RoutePlans plans;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OutboxRelay relay;

    private ProxyClient proxy;
    private final Identity caller = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final String model = "chat-" + UUID.randomUUID();

    /** The relay deletes the rows it published; paused, so that the usage rows can be read back. */
    @BeforeEach
    void setUp() {
        proxy = new ProxyClient(port, tokens);
        relay.stop();
    }

    @AfterEach
    void tearDown() {
        relay.start();
    }

    @Test
    void aLongStreamJournalsCumulativeCheckpointsThenOneFinalEvent() {
        RoutePlanSeeds.seed(
                plans, caller.companyId(), model, List.of(Candidates.mock("slow", "mock-gpt-chunk-delay-200")));

        String body = proxy.post(
                        PATH,
                        caller,
                        "{'model': '" + model + "', 'stream': true, 'stream_options': {'include_usage': true}, "
                                + "'messages': [{'role': 'user', 'content': '" + EIGHT_WORDS + "'}]}")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).endsWith("data: [DONE]\n\n");

        List<JsonNode> events = usageEvents();
        // 11 chunks 200 ms apart, a checkpoint every 300 ms: about 7; at least a few however slow.
        assertThat(events.size()).isGreaterThanOrEqualTo(4);
        JsonNode last = events.getLast();
        List<JsonNode> checkpoints = events.subList(0, events.size() - 1);
        assertThat(checkpoints)
                .allSatisfy(event ->
                        assertThat(event.path("checkpoint").asBoolean()).isTrue());
        assertThat(last.path("checkpoint").asBoolean()).isFalse();
        assertThat(last.path("http_status").asInt()).isEqualTo(200);
        assertThat(events)
                .extracting(event -> event.path("usage_id").asString())
                .containsOnly(last.path("usage_id").asString());
        assertThat(checkpoints)
                .extracting(event -> event.path("completion_tokens").asLong())
                .isSorted();
        assertThat(checkpoints.getLast().path("completion_tokens").asLong())
                .isGreaterThan(checkpoints.getFirst().path("completion_tokens").asLong());
        // The final event carries the provider's own count, the one the client was shown.
        JsonNode usageChunk = Json.MAPPER.readTree(body.split("\n\n")[CONTENT_CHUNKS + 2].substring("data: ".length()));
        assertThat(last.path("completion_tokens").asLong())
                .isEqualTo(usageChunk.at("/usage/completion_tokens").asLong());
        assertThat(last.path("prompt_tokens").asLong())
                .isEqualTo(usageChunk.at("/usage/prompt_tokens").asLong());
    }

    @Test
    void aClientThatHangsUpIsBilledAtOnceForThePartItGot() throws Exception {
        // 11 chunks a second apart: the stream could not end before 11 s.
        RoutePlanSeeds.seed(
                plans, caller.companyId(), model, List.of(Candidates.mock("slow", "mock-gpt-chunk-delay-1000")));
        long started = System.nanoTime();

        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String json = ("{'model': '" + model + "', 'stream': true, " + "'messages': [{'role': 'user', 'content': '"
                            + EIGHT_WORDS + "'}]}")
                    .replace('\'', '"');
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + InternalTokens.HEADER + ": " + proxy.token(caller) + "\r\n"
                            + "Content-Length: " + payload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int contentChunks = 0;
            for (String line; contentChunks < 2 && (line = in.readLine()) != null; ) {
                if (line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) contentChunks++;
            }
            assertThat(contentChunks).isEqualTo(2);
        } // hangs up after two words

        Eventually.until(
                Duration.ofSeconds(6),
                "the final usage event of the abandoned stream",
                () -> usageEvents().stream()
                        .anyMatch(event -> !event.path("checkpoint").asBoolean()));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        JsonNode last = usageEvents().getLast();
        assertThat(last.path("checkpoint").asBoolean()).isFalse();
        assertThat(last.path("status").asString()).isEqualTo("error");
        assertThat(last.path("http_status").asInt()).isEqualTo(499);
        assertThat(last.path("error_code").asString()).isEqualTo("client_disconnected");
        // Charged for what was relayed: fewer completion tokens than the full answer's 11 words.
        assertThat(last.path("completion_tokens").asLong()).isPositive().isLessThan(CONTENT_CHUNKS);
        assertThat(last.path("latency_ms").asLong()).isLessThan(8_000);
    }

    /** This caller's usage events, oldest first. */
    private List<JsonNode> usageEvents() {
        return jdbc.sql("""
                        SELECT event::text FROM outbox_event, jsonb_array_elements(payload) AS event WHERE event->>'company_id' = ?
                        ORDER BY created_at, (event->>'completion_tokens')::bigint""").param(caller.companyId().toString()).query(String.class).list().stream()
                .map(Json.MAPPER::readTree)
                .toList();
    }
}
