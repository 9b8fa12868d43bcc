package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.decimal;
import static dev.aggregator.e2e.Fixtures.eventually;
import static dev.aggregator.e2e.Fixtures.offering;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenAI's Responses API through port 3000 with the official OpenAI Java SDK: a funded company's
 * key creates a response and streams one, each billed exactly like a chat completion, and a
 * {@code previous_response_id} is the SDK's usual {@code BadRequestException}.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponsesApiIT {

    private static final String MODEL = "e2e-responses";
    private static final BigDecimal INPUT_PRICE = new BigDecimal("0.5");
    private static final BigDecimal OUTPUT_PRICE = new BigDecimal("1.5");

    private final Platform platform;
    private final ApiClient api;
    private final Fixtures fixtures;

    ResponsesApiIT(Platform platform) {
        this.platform = platform;
        this.api = new ApiClient(platform.gatewayUrl());
        this.fixtures = new Fixtures(platform, api);
    }

    @BeforeAll
    void priceAModel() {
        fixtures.adminToken();
        String mock = fixtures.createProvider("responses-mock", "mock-key");
        fixtures.priceModel(MODEL, List.of(offering(mock, "mock-gpt", INPUT_PRICE, OUTPUT_PRICE)));
    }

    @Test
    void aFundedCompanyCreatesAndStreamsResponsesAndPaysExactlyTheirCost() {
        var company = fixtures.fundedCompany(new BigDecimal("10"));
        OpenAIClient openai = openAi(company.apiKey());

        var raw = openai.responses()
                .withRawResponse()
                .create(ResponseCreateParams.builder()
                        .model(MODEL)
                        .instructions("Answer briefly.")
                        .input("Say hello to the responses API")
                        .maxOutputTokens(40)
                        .build());
        Response response = raw.parse();
        response.validate();
        assertThat(response.id()).startsWith("resp_");
        assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
        assertThat(response.output()
                        .getFirst()
                        .asMessage()
                        .content()
                        .getFirst()
                        .asOutputText()
                        .text())
                .startsWith("Mock reply to: Say hello");
        ResponseUsage plainUsage = response.usage().orElseThrow();
        BigDecimal plainCost = costOf(plainUsage);
        assertThat(plainCost).isPositive().isEqualByComparingTo(expectedCost(plainUsage));
        assertThat(raw.headers().values("x-aggregator-provider")).containsExactly("responses-mock");
        assertThat(new BigDecimal(raw.headers().values("x-aggregator-cost").getFirst()))
                .isEqualByComparingTo(plainCost);

        List<ResponseStreamEvent> events = new ArrayList<>();
        try (var stream = openai.responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model(MODEL)
                        .input("Stream a short answer")
                        .maxOutputTokens(40)
                        .build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events.getFirst().isCreated()).isTrue();
        assertThat(events.stream().filter(ResponseStreamEvent::isOutputTextDelta))
                .hasSizeGreaterThan(2);
        assertThat(events.getLast().isCompleted()).isTrue();
        Response streamed = events.getLast().asCompleted().response();
        String text = events.stream()
                .filter(ResponseStreamEvent::isOutputTextDelta)
                .map(event -> event.asOutputTextDelta().delta())
                .reduce("", String::concat);
        assertThat(streamed.output()
                        .getFirst()
                        .asMessage()
                        .content()
                        .getFirst()
                        .asOutputText()
                        .text())
                .isEqualTo(text)
                .startsWith("Mock reply to: Stream");
        ResponseUsage streamUsage = streamed.usage().orElseThrow();
        BigDecimal streamCost = costOf(streamUsage);
        assertThat(streamCost).isPositive().isEqualByComparingTo(expectedCost(streamUsage));

        BigDecimal expectedBalance = new BigDecimal("10").subtract(plainCost).subtract(streamCost);
        var balance = eventually(
                () -> api.get("/v1/billing/balance", company.ownerToken()),
                body -> decimal(body.body(), "balance").compareTo(expectedBalance) == 0
                        && decimal(body.body(), "reserved").signum() == 0);
        assertThat(decimal(balance.body(), "available")).isEqualByComparingTo(expectedBalance);
    }

    @Test
    void previousResponseIdIsABadRequestTheSdkRaises() {
        var company = fixtures.fundedCompany(new BigDecimal("1"));
        assertThatThrownBy(() -> openAi(company.apiKey())
                        .responses()
                        .create(ResponseCreateParams.builder()
                                .model(MODEL)
                                .input("Hello again")
                                .previousResponseId("resp_0123")
                                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.type()).hasValue("invalid_request_error");
                    assertThat(e.param()).hasValue("previous_response_id");
                });
    }

    private OpenAIClient openAi(String apiKey) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(platform.gatewayUrl() + "/v1")
                .apiKey(apiKey)
                .maxRetries(0)
                .build();
    }

    /** The documented rule: (input × input price + output × output price) / 1e6, half-even at 8 places. */
    private static BigDecimal expectedCost(ResponseUsage usage) {
        return INPUT_PRICE
                .multiply(BigDecimal.valueOf(usage.inputTokens()))
                .add(OUTPUT_PRICE.multiply(BigDecimal.valueOf(usage.outputTokens())))
                .divide(BigDecimal.valueOf(1_000_000), 8, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal costOf(ResponseUsage usage) {
        var cost = usage._additionalProperties().get("cost");
        assertThat(cost).as("usage.cost").isNotNull();
        return new BigDecimal(cost.toString());
    }
}
