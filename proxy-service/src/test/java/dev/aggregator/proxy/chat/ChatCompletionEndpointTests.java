package dev.aggregator.proxy.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.testsupport.OutboxOutage;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import dev.aggregator.proxy.testsupport.UsageOutbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/chat/completions} over HTTP. Route plans are seeded into the cache (no
 * orchestrator runs here) with free offerings on the real mock-provider, which hold nothing (no
 * billing runs here either); the priced flow with leases is the end-to-end suite's.
 */
@ProxyServiceTest
class ChatCompletionEndpointTests {

    private static final String PATH = "/v1/chat/completions";

    @Autowired
    ProxyClient proxy;

    @Autowired
    RoutePlans plans;

    @Autowired
    JdbcClient jdbc;

    @RegisterExtension
    final UsageOutbox outbox = new UsageOutbox();

    private final Identity caller = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final String model = "chat-" + UUID.randomUUID();

    @AfterEach
    void tearDown() {
        OutboxOutage.end(jdbc);
    }

    @Test
    void answersWithUsageCostAndTheServingProvider() {
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(Candidates.mock("mock-one", "mock-gpt")));

        var result = proxy.post(
                        PATH,
                        caller,
                        "{'model': '" + model + "', 'messages': "
                                + "[{'role': 'user', 'content': 'Hello proxy'}], 'temperature': 0.5}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-aggregator-provider", "mock-one")
                .expectHeader()
                .valueEquals("x-aggregator-cost", "0.00000000")
                .expectHeader()
                .exists("x-request-id")
                .expectBody(String.class)
                .returnResult();

        JsonNode answer = Json.MAPPER.readTree(result.getResponseBody());
        assertThat(answer.path("model").asString()).isEqualTo(model);
        assertThat(answer.at("/choices/0/message/content").asString()).startsWith("Mock reply to: Hello proxy");
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isPositive();
        assertThat(answer.at("/usage/cost").isNumber()).isTrue();
        assertThat(result.getResponseBody()).contains("\"cost\":0.00000000");

        String requestId = result.getResponseHeaders().getFirst("x-request-id");
        JsonNode event = outbox.eventOf(requestId);
        assertThat(event.path("status").asString()).isEqualTo("success");
        assertThat(event.path("provider_name").asString()).isEqualTo("mock-one");
        assertThat(event.path("prompt_tokens").asLong())
                .isEqualTo(answer.at("/usage/prompt_tokens").asLong());
        assertThat(event.path("streamed").asBoolean()).isFalse();
    }

    @Test
    void streamsEventsEndingWithDoneAndTheUsageChunkWithItsCost() {
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(Candidates.mock("mock-one", "mock-gpt")));

        var result = proxy.post(
                        PATH,
                        caller,
                        "{'model': '" + model + "', 'stream': true, "
                                + "'stream_options': {'include_usage': true}, "
                                + "'messages': [{'role': 'user', 'content': 'Stream to me'}]}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectHeader()
                .valueEquals("x-aggregator-provider", "mock-one")
                .expectHeader()
                .valueEquals("X-Accel-Buffering", "no")
                .expectHeader()
                .doesNotExist("x-aggregator-cost")
                .expectBody(String.class)
                .returnResult();

        List<String> events = events(result.getResponseBody());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        JsonNode usage = Json.MAPPER.readTree(events.get(events.size() - 2));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.at("/usage/cost").isNumber()).isTrue();
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = Json.MAPPER.readTree(event);
            assertThat(chunk.path("model").asString()).isEqualTo(model);
            text.append(chunk.at("/choices/0/delta/content").asString(""));
        }
        assertThat(text.toString()).startsWith("Mock reply to: Stream to me");

        JsonNode event = outbox.eventOf(result.getResponseHeaders().getFirst("x-request-id"));
        assertThat(event.path("streamed").asBoolean()).isTrue();
        assertThat(event.path("completion_tokens").asLong())
                .isEqualTo(usage.at("/usage/completion_tokens").asLong());
        assertThat(event.path("ttft_ms").isIntegralNumber()).isTrue();
    }

    @Test
    void aStreamWithoutIncludeUsageGetsNoUsageChunk() {
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(Candidates.mock("mock-one", "mock-gpt")));

        String body = proxy.post(
                        PATH,
                        caller,
                        "{'model': '" + model + "', 'stream': true, "
                                + "'messages': [{'role': 'user', 'content': 'No usage'}]}")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(events(body)).last().isEqualTo("[DONE]");
        assertThat(body).doesNotContain("\"usage\"");
    }

    @Test
    void fallsBackToTheNextProviderWhenTheFirstFails() {
        RoutePlanSeeds.seed(
                plans,
                caller.companyId(),
                model,
                List.of(Candidates.mock("broken", "mock-gpt-fail-503"), Candidates.mock("backup", "mock-gpt")));

        var result = proxy.post(
                        PATH, caller, "{'model': '" + model + "', 'messages': [{'role': 'user', 'content': 'Hi'}]}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-aggregator-provider", "backup")
                .expectBody(String.class)
                .returnResult();

        JsonNode event = outbox.eventOf(result.getResponseHeaders().getFirst("x-request-id"));
        assertThat(event.path("provider_name").asString()).isEqualTo("backup");
        assertThat(event.path("status").asString()).isEqualTo("success");
    }

    @Test
    void thePlainAnswerIsSentOnlyOnceItsUsageIsDurable() throws Exception {
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(Candidates.mock("mock-one", "mock-gpt")));
        OutboxOutage.begin(jdbc);

        var answer = send("{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        Thread.sleep(1_500); // the provider answers in milliseconds; the journal keeps retrying
        assertThat(answer).isNotDone();
        assertThat(outbox.eventsOf(caller.companyId())).isEmpty();

        OutboxOutage.lift(jdbc);
        var response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode event =
                outbox.eventOf(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(event.path("checkpoint").asBoolean()).isFalse();
        assertThat(event.path("usage_id").asString()).isNotBlank();
    }

    @Test
    void theStreamsDoneIsSentOnlyOnceItsUsageIsDurable() throws Exception {
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(Candidates.mock("mock-one", "mock-gpt")));
        OutboxOutage.begin(jdbc);

        var answer = send("{\"model\": \"" + model + "\", \"stream\": true, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        Thread.sleep(1_500);
        assertThat(answer).isNotDone();
        assertThat(outbox.eventsOf(caller.companyId())).isEmpty();

        OutboxOutage.lift(jdbc);
        var response = answer.get(10, TimeUnit.SECONDS);
        assertThat(events(response.body())).last().isEqualTo("[DONE]");
        assertThat(outbox.eventsOf(caller.companyId())).hasSize(1);
    }

    @Test
    void whenEveryProviderFailsAnswersInOpenAiShapeAndRecordsTheFailure() {
        RoutePlanSeeds.seed(
                plans,
                caller.companyId(),
                model,
                List.of(Candidates.mock("first", "mock-gpt-fail-500"), Candidates.mock("second", "mock-gpt-fail-502")));

        var result = proxy.post(
                        PATH, caller, "{'model': '" + model + "', 'messages': [{'role': 'user', 'content': 'x'}]}")
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("upstream_error")
                .jsonPath("$.error.code")
                .isEqualTo("upstream_error")
                .jsonPath("$.error.message")
                .value(String.class, message -> assertThat(message).contains(model))
                .returnResult();

        JsonNode event = outbox.eventOf(result.getResponseHeaders().getFirst("x-request-id"));
        assertThat(event.path("status").asString()).isEqualTo("error");
        assertThat(event.path("provider_name").asString()).isEqualTo("second");
        assertThat(event.path("cost").decimalValue()).isZero();
    }

    @Test
    void aRequestTheProviderRejectsKeepsTheProvidersStatus() {
        RoutePlanSeeds.seed(
                plans,
                caller.companyId(),
                model,
                List.of(Candidates.mock("strict", "mock-gpt-fail-422"), Candidates.mock("backup", "mock-gpt")));

        proxy.post(PATH, caller, "{'model': '" + model + "', 'messages': [{'role': 'user', 'content': 'x'}]}")
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error")
                .jsonPath("$.error.message")
                .value(String.class, message -> assertThat(message).doesNotContain("mock-gpt-fail-422"));
    }

    @Test
    void anInvalidBodyIsA400NamingTheParameter() {
        proxy.post(PATH, caller, "{'model': 'm', 'messages': []}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error")
                .jsonPath("$.error.param")
                .isEqualTo("messages")
                .jsonPath("$.error.code")
                .hasJsonPath();
    }

    @Test
    void malformedJsonIsA400InOpenAiShape() {
        proxy.postRaw(PATH, caller, "{\"model\": ")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error")
                .jsonPath("$.error.message")
                .isNotEmpty();
    }

    @Test
    void anotherContentTypeIsRefusedInOpenAiShape() {
        proxy.raw()
                .post()
                .uri(PATH)
                .header(InternalTokens.HEADER, proxy.token(caller))
                .contentType(MediaType.TEXT_PLAIN)
                .body("hello")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error");
    }

    @Test
    void withoutAnIdentityTheFilterAnswers401() {
        proxy.post(PATH, null, "{'model': 'm', 'messages': [{'role': 'user'}]}")
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void whenTheOrchestratorCannotBeReachedAnswers503InOpenAiShape() {
        proxy.post(PATH, caller, "{'model': 'not-cached-" + UUID.randomUUID() + "', 'messages': [{'role': 'user'}]}")
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("service_unavailable");
    }

    @Test
    void theOpenApiDescriptionListsBothEndpoints() {
        proxy.raw()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/v1/chat/completions'].post")
                .exists()
                .jsonPath("$.paths['/v1/embeddings'].post")
                .exists();
    }

    private CompletableFuture<HttpResponse<String>> send(String json) {
        var request = HttpRequest.newBuilder(URI.create(proxy.url(PATH)))
                .header("Content-Type", "application/json")
                .header(InternalTokens.HEADER, proxy.token(caller))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> events(String body) {
        assertThat(body).endsWith("\n\n");
        return Arrays.stream(body.split("\n\n"))
                .peek(event -> assertThat(event).startsWith("data: "))
                .map(event -> event.substring("data: ".length()))
                .toList();
    }
}
