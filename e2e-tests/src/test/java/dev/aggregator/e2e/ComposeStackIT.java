package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.amounts;
import static dev.aggregator.e2e.Fixtures.cost;
import static dev.aggregator.e2e.Fixtures.decimal;
import static dev.aggregator.e2e.Fixtures.eventually;
import static dev.aggregator.e2e.Fixtures.offering;
import static dev.aggregator.e2e.Fixtures.reportedCost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The paid chat slice against the platform as docker-compose.yml runs it, which this suite does not
 * start: {@code deploy/podman/compose-smoke.sh} builds the images, starts the stack (two gateway
 * and two proxy replicas), passes the gateways' published addresses as
 * {@code -Dcompose.gateways=http://127.0.0.1:PORT1,http://127.0.0.1:PORT2} and stops the stack
 * afterwards. Without that property the test is skipped, so {@code ./mvnw verify} passes it by.
 *
 * <p>Through every gateway replica, with the official OpenAI SDK: a plain and a streamed
 * completion of a company the platform admin credited, then a burst of concurrent ones over both
 * gateways so that both proxy replicas get traffic (the script reads each proxy's request count);
 * the balance must then be the credit less exactly the costs the responses reported, with one
 * USAGE transaction each.
 */
class ComposeStackIT {

    private static final BigDecimal CREDIT = new BigDecimal("10");
    private static final BigDecimal INPUT_PRICE = new BigDecimal("0.5");
    private static final BigDecimal OUTPUT_PRICE = new BigDecimal("1.5");
    private static final int BURST_REQUESTS = 16;

    @Test
    void aCreditedCompanyIsBilledExactlyForCompletionsThroughEveryGatewayReplica() throws Exception {
        String gateways = System.getProperty("compose.gateways", "");
        assumeTrue(!gateways.isBlank(), "compose.gateways not set: run deploy/podman/compose-smoke.sh");
        List<String> gatewayUrls = Arrays.stream(gateways.split(","))
                .map(String::strip)
                .filter(url -> !url.isEmpty())
                .toList();
        assertThat(gatewayUrls).as("gateway replicas").hasSizeGreaterThanOrEqualTo(2);

        var api = new ApiClient(gatewayUrls.getFirst());
        var fixtures = new Fixtures(
                api,
                System.getProperty("compose.mock-provider-url", "http://mock-provider:3010"),
                System.getProperty("compose.admin-email", "admin@aggregator.local"),
                System.getProperty("compose.admin-password", "admin-password-change-me"));
        // Names of this run only, so that the test can run again against a stack left up.
        String run = UUID.randomUUID().toString().substring(0, 8);
        String model = "compose-gpt-" + run;
        String provider = fixtures.createProvider("mock-" + run, "mock-key");
        fixtures.priceModel(model, List.of(offering(provider, "mock-gpt", INPUT_PRICE, OUTPUT_PRICE)));
        var company = fixtures.fundedCompany(CREDIT);

        var costs = new ArrayList<BigDecimal>();
        for (String gatewayUrl : gatewayUrls) {
            OpenAIClient openai = new ApiClient(gatewayUrl).openAi(company.apiKey());

            var plain = openai.chat()
                    .completions()
                    .withRawResponse()
                    .create(chat(model, "Hello from compose via " + gatewayUrl));
            var completion = plain.parse();
            assertThat(completion.choices().getFirst().message().content())
                    .as("answer through %s", gatewayUrl)
                    .isPresent();
            assertThat(plain.headers().values("x-aggregator-provider")).containsExactly("mock-" + run);
            BigDecimal plainCost = reportedCost(completion.usage().orElseThrow());
            assertThat(plainCost)
                    .isEqualByComparingTo(expectedCost(completion.usage().orElseThrow()));
            assertThat(new BigDecimal(
                            plain.headers().values("x-aggregator-cost").getFirst()))
                    .isEqualByComparingTo(plainCost);
            costs.add(plainCost);

            var chunks = new ArrayList<ChatCompletionChunk>();
            try (var stream = openai.chat()
                    .completions()
                    .createStreaming(chat(model, "Stream through " + gatewayUrl).toBuilder()
                            .streamOptions(ChatCompletionStreamOptions.builder()
                                    .includeUsage(true)
                                    .build())
                            .build())) {
                stream.stream().forEach(chunks::add);
            }
            assertThat(chunks.stream()
                            .flatMap(chunk -> chunk.choices().stream())
                            .flatMap(choice -> choice.delta().content().stream())
                            .reduce("", String::concat))
                    .as("streamed text through %s", gatewayUrl)
                    .isNotBlank();
            var streamUsage = chunks.getLast().usage().orElseThrow();
            assertThat(reportedCost(streamUsage)).isEqualByComparingTo(expectedCost(streamUsage));
            costs.add(reportedCost(streamUsage));
        }

        // At once, alternating between the gateways: each gateway opens several connections to the
        // proxies, which its resolver spreads over both replicas (the script counts per proxy).
        var burst = Fixtures.chatBurst(
                gatewayUrls.stream().map(ApiClient::new).toList(),
                BURST_REQUESTS,
                company.apiKey(),
                Map.of(
                        "model",
                        model,
                        "max_tokens",
                        20,
                        "messages",
                        List.of(Map.of("role", "user", "content", "All at once"))),
                "insufficient_balance");
        assertThat(burst.answered()).as("burst answered").isEqualTo(BURST_REQUESTS);

        BigDecimal spent =
                costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add).add(burst.charged());
        assertThat(spent).isPositive();
        BigDecimal expectedBalance = CREDIT.subtract(spent);
        // Usage settles over RabbitMQ, and each proxy returns its budget lease once idle (5 s).
        var balance = eventually(
                () -> api.get("/v1/billing/balance", company.ownerToken()),
                response -> response.status() == 200
                        && decimal(response.body(), "balance").compareTo(expectedBalance) == 0
                        && decimal(response.body(), "reserved").signum() == 0,
                Duration.ofSeconds(60));
        assertThat(decimal(balance.body(), "available")).isEqualByComparingTo(expectedBalance);

        var transactions = api.get("/v1/billing/transactions?type=USAGE&limit=500", company.ownerToken());
        assertThat(transactions.status()).isEqualTo(200);
        var charges = amounts(transactions.body());
        assertThat(charges).as("one USAGE transaction per completion").hasSize(costs.size() + BURST_REQUESTS);
        assertThat(charges.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(spent.negate());
        assertThat(charges).containsAll(costs.stream().map(BigDecimal::negate).toList());
        System.out.printf(
                "compose smoke: %d completions through %d gateways, %s USD charged, balance %s%n",
                charges.size(), gatewayUrls.size(), spent.toPlainString(), expectedBalance.toPlainString());
    }

    private static ChatCompletionCreateParams chat(String model, String prompt) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage(prompt)
                .maxCompletionTokens(20)
                .build();
    }

    private static BigDecimal expectedCost(CompletionUsage usage) {
        return cost(usage.promptTokens(), INPUT_PRICE, usage.completionTokens(), OUTPUT_PRICE);
    }
}
