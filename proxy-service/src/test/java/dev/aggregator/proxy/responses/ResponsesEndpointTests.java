package dev.aggregator.proxy.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyServiceTest;
import dev.aggregator.proxy.testsupport.UsageOutbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/responses} over HTTP, called with the official OpenAI Java SDK, served by the real
 * mock-provider through chat completions. Free offerings (no billing runs here); the priced flow is
 * {@code PricedUsageTests}'.
 */
@ProxyServiceTest
class ResponsesEndpointTests {

    @Autowired
    ProxyClient proxy;

    @Autowired
    RoutePlans plans;

    @RegisterExtension
    final UsageOutbox outbox = new UsageOutbox();

    private OpenAIClient sdk;
    private final Identity caller = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final String model = "responses-" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        sdk = OpenAIOkHttpClient.builder()
                .baseUrl(proxy.url("/v1"))
                .apiKey("unused-the-identity-header-authenticates")
                .putHeader(InternalTokens.HEADER, proxy.token(caller))
                .maxRetries(0)
                .build();
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(Candidates.mock("mock-one", "mock-gpt")));
    }

    @AfterEach
    void tearDown() {
        sdk.close();
    }

    @Test
    void theSdkCreatesAResponseFromAStringInputAndItIsRecordedUnderResponses() {
        var raw = sdk.responses()
                .withRawResponse()
                .create(ResponseCreateParams.builder()
                        .model(model)
                        .instructions("Answer briefly.")
                        .input("Hello responses")
                        .maxOutputTokens(100)
                        .temperature(0.5)
                        .store(true)
                        .build());
        assertThat(raw.headers().values("x-aggregator-provider")).containsExactly("mock-one");
        assertThat(raw.headers().values("x-aggregator-cost")).containsExactly("0.00000000");
        Response response = raw.parse();
        response.validate();

        assertThat(response.id()).startsWith("resp_");
        assertThat(response.model().asString()).isEqualTo(model);
        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        String text = response.output()
                .getFirst()
                .asMessage()
                .content()
                .getFirst()
                .asOutputText()
                .text();
        assertThat(text).startsWith("Mock reply to: Hello responses");
        var usage = response.usage().orElseThrow();
        assertThat(usage.inputTokens()).isPositive();
        assertThat(usage.outputTokens()).isEqualTo(text.split(" ").length);
        assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
        assertThat(usage._additionalProperties()).containsKey("cost");

        JsonNode event = outbox.eventsOf(caller.companyId()).getLast();
        assertThat(event.path("endpoint").asString()).isEqualTo("/v1/responses");
        assertThat(event.path("model").asString()).isEqualTo(model);
        assertThat(event.path("completion_tokens").asLong()).isEqualTo(usage.outputTokens());
        assertThat(event.path("prompt_tokens").asLong()).isEqualTo(usage.inputTokens());
        assertThat(event.path("streamed").asBoolean()).isFalse();
    }

    @Test
    void theSdkStreamsTheResponseEventsInOrderEndingInCompletedWithUsage() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (var stream = sdk.responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model(model)
                        .input(ResponseCreateParams.Input.ofResponse(
                                List.of(com.openai.models.responses.ResponseInputItem.ofEasyInputMessage(
                                        com.openai.models.responses.EasyInputMessage.builder()
                                                .role(com.openai.models.responses.EasyInputMessage.Role.USER)
                                                .content("one two three")
                                                .build()))))
                        .build())) {
            stream.stream().forEach(events::add);
        }

        List<String> types = events.stream().map(ResponsesEndpointTests::type).toList();
        assertThat(types.subList(0, 4))
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added");
        assertThat(types.subList(4, types.size() - 4)).containsOnly("response.output_text.delta");
        assertThat(types.subList(types.size() - 4, types.size()))
                .containsExactly(
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed");
        String deltas = events.stream()
                .filter(ResponseStreamEvent::isOutputTextDelta)
                .map(event -> event.asOutputTextDelta().delta())
                .reduce("", String::concat);
        assertThat(deltas).isEqualTo("Mock reply to: one two three");
        Response completed = events.getLast().asCompleted().response();
        assertThat(completed
                        .output()
                        .getFirst()
                        .asMessage()
                        .content()
                        .getFirst()
                        .asOutputText()
                        .text())
                .isEqualTo(deltas);
        assertThat(completed.usage().orElseThrow().outputTokens()).isEqualTo(6);
        assertThat(completed.usage().orElseThrow()._additionalProperties()).containsKey("cost");

        JsonNode event = outbox.eventsOf(caller.companyId()).getLast();
        assertThat(event.path("endpoint").asString()).isEqualTo("/v1/responses");
        assertThat(event.path("streamed").asBoolean()).isTrue();
        assertThat(event.path("completion_tokens").asLong()).isEqualTo(6);
    }

    @Test
    void functionToolsAreAcceptedAndForwardedAsChatTools() {
        Response response = sdk.responses()
                .create(ResponseCreateParams.builder()
                        .model(model)
                        .input("What is the weather in Paris?")
                        .addTool(FunctionTool.builder()
                                .name("get_weather")
                                .parameters(FunctionTool.Parameters.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .putAdditionalProperty(
                                                "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                        .build())
                                .strict(false)
                                .build())
                        .build());
        response.validate();
        assertThat(response.tools()).hasSize(1);
        assertThat(response.tools().getFirst().asFunction().name()).isEqualTo("get_weather");
    }

    @Test
    void previousResponseIdIsAnOpenAiShapedBadRequest() {
        assertThatThrownBy(() -> sdk.responses()
                        .create(ResponseCreateParams.builder()
                                .model(model)
                                .input("Hello")
                                .previousResponseId("resp_123")
                                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.type()).hasValue("invalid_request_error");
                    assertThat(e.param()).hasValue("previous_response_id");
                });

        proxy.post("/v1/responses", caller, "{'model': '" + model + "', 'input': [{'type': 'reasoning'}]}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error")
                .jsonPath("$.error.param")
                .isEqualTo("input[0].type");
        proxy.postRaw("/v1/responses", caller, "{not json")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error");
    }

    private static String type(ResponseStreamEvent event) {
        if (event.isCreated()) return "response.created";
        if (event.isInProgress()) return "response.in_progress";
        if (event.isOutputItemAdded()) return "response.output_item.added";
        if (event.isContentPartAdded()) return "response.content_part.added";
        if (event.isOutputTextDelta()) return "response.output_text.delta";
        if (event.isOutputTextDone()) return "response.output_text.done";
        if (event.isContentPartDone()) return "response.content_part.done";
        if (event.isOutputItemDone()) return "response.output_item.done";
        if (event.isCompleted()) return "response.completed";
        return "other";
    }
}
