package dev.aggregator.proxy.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Eventually;
import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import dev.aggregator.proxy.testsupport.UsageOutbox;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
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

    @Autowired
    ProxyClient proxy;

    @Autowired
    RoutePlans plans;

    @RegisterExtension
    final UsageOutbox outbox = new UsageOutbox();

    private final Identity caller = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final String model = "chat-" + UUID.randomUUID();

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

        List<JsonNode> events = outbox.eventsOf(caller.companyId());
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

        proxy.hangUpAfterWords(
                2,
                PATH,
                caller,
                "{'model': '" + model + "', 'stream': true, 'messages': [{'role': 'user', 'content': '" + EIGHT_WORDS
                        + "'}]}");

        Eventually.until(
                Duration.ofSeconds(6),
                "the final usage event of the abandoned stream",
                () -> outbox.eventsOf(caller.companyId()).stream()
                        .anyMatch(event -> !event.path("checkpoint").asBoolean()));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        JsonNode last = outbox.eventsOf(caller.companyId()).getLast();
        assertThat(last.path("checkpoint").asBoolean()).isFalse();
        assertThat(last.path("status").asString()).isEqualTo("error");
        assertThat(last.path("http_status").asInt()).isEqualTo(499);
        assertThat(last.path("error_code").asString()).isEqualTo("client_disconnected");
        // Charged for what was relayed: fewer completion tokens than the full answer's 11 words.
        assertThat(last.path("completion_tokens").asLong()).isPositive().isLessThan(CONTENT_CHUNKS);
        assertThat(last.path("latency_ms").asLong()).isLessThan(8_000);
    }
}
