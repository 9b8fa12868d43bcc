package dev.aggregator.proxy.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import dev.aggregator.proxy.routing.RoutePlanSeeds;
import dev.aggregator.proxy.routing.RoutePlans;
import dev.aggregator.proxy.testsupport.Candidates;
import dev.aggregator.proxy.testsupport.Eventually;
import dev.aggregator.proxy.testsupport.Json;
import dev.aggregator.proxy.testsupport.ProxyClient;
import dev.aggregator.proxy.testsupport.ProxyWithRealBillingTest;
import dev.aggregator.proxy.testsupport.RealBilling;
import dev.aggregator.proxy.testsupport.UsageOutbox;
import dev.aggregator.proxy.usage.UsageCost;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What priced requests are charged, read from their usage events: admitted against a real lease
 * from the real billing-service ({@link RealBilling}), served by the real mock-provider.
 */
@ProxyWithRealBillingTest
class PricedUsageTests {

    private static final String PATH = "/v1/chat/completions";
    private static final String EIGHT_WORDS = "one two three four five six seven eight";
    /** "Mock reply to:" and the eight words: one completion token each at the mock. */
    private static final int FULL_ANSWER_TOKENS = 3 + 8;

    @Autowired
    ProxyClient proxy;

    @Autowired
    InternalTokens tokens;

    @Autowired
    RoutePlans plans;

    @Autowired
    JdbcClient jdbc;

    @RegisterExtension
    final UsageOutbox outbox = new UsageOutbox();

    private final Identity caller = Identity.apiKey(UUID.randomUUID(), UUID.randomUUID(), Set.of("chat"));
    private final String model = "priced-" + UUID.randomUUID();

    @BeforeEach
    void setUp() {
        RealBilling.credit(tokens, caller.companyId(), "5.00");
    }

    @Test
    void afterAFallbackTheServingProviderIsBilledAtItsOwnPrices() {
        var broken = Candidates.mock("cheap-but-broken", "mock-gpt-fail-503", "1", "2");
        var backup = Candidates.mock("backup", "mock-gpt", "30", "70");
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(broken, backup));

        var result = proxy.post(
                        PATH,
                        caller,
                        "{'model': '" + model + "', 'max_tokens': 100, "
                                + "'messages': [{'role': 'user', 'content': 'Hello there'}]}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-aggregator-provider", "backup")
                .expectBody(String.class)
                .returnResult();

        JsonNode answer = Json.MAPPER.readTree(result.getResponseBody());
        long prompt = answer.at("/usage/prompt_tokens").asLong();
        long completion = answer.at("/usage/completion_tokens").asLong();
        BigDecimal backupCost =
                UsageCost.of(prompt, completion, backup.inputPricePerMillion(), backup.outputPricePerMillion());
        assertThat(backupCost)
                .isNotEqualByComparingTo(UsageCost.of(
                        prompt, completion, broken.inputPricePerMillion(), broken.outputPricePerMillion()));

        List<JsonNode> events = outbox.eventsOf(caller.companyId());
        assertThat(events).hasSize(1);
        JsonNode event = events.getFirst();
        assertThat(event.path("provider_id").asString())
                .isEqualTo(backup.providerId().toString());
        assertThat(event.path("provider_name").asString()).isEqualTo("backup");
        assertThat(event.path("input_price_per_million").decimalValue()).isEqualByComparingTo("30");
        assertThat(event.path("output_price_per_million").decimalValue()).isEqualByComparingTo("70");
        assertThat(event.path("cost").decimalValue()).isEqualByComparingTo(backupCost);
        assertThat(result.getResponseHeaders().getFirst("x-aggregator-cost")).isEqualTo(backupCost.toPlainString());
        assertThat(event.path("lease_id").asString()).isNotBlank();
    }

    @Test
    void aPricedResponsesRequestIsBilledLikeChatUnderItsLeaseAndEndpoint() {
        var priced = Candidates.mock("priced", "mock-gpt", "30", "70");
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(priced));

        var result = proxy.post(
                        "/v1/responses",
                        caller,
                        "{'model': '" + model + "', 'max_output_tokens': 100, 'instructions': 'Be brief.', "
                                + "'input': [{'role': 'user', 'content': '" + EIGHT_WORDS + "'}]}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-aggregator-provider", "priced")
                .expectBody(String.class)
                .returnResult();

        JsonNode response = Json.MAPPER.readTree(result.getResponseBody());
        long input = response.at("/usage/input_tokens").asLong();
        long output = response.at("/usage/output_tokens").asLong();
        assertThat(output).isEqualTo(FULL_ANSWER_TOKENS);
        BigDecimal cost = UsageCost.of(input, output, priced.inputPricePerMillion(), priced.outputPricePerMillion());
        assertThat(cost).isPositive();
        assertThat(response.at("/usage/cost").decimalValue()).isEqualByComparingTo(cost);
        assertThat(result.getResponseHeaders().getFirst("x-aggregator-cost")).isEqualTo(cost.toPlainString());
        List<JsonNode> events = outbox.eventsOf(caller.companyId());
        assertThat(events).hasSize(1);
        JsonNode event = events.getFirst();
        assertThat(event.path("endpoint").asString()).isEqualTo("/v1/responses");
        assertThat(event.path("prompt_tokens").asLong()).isEqualTo(input);
        assertThat(event.path("completion_tokens").asLong()).isEqualTo(output);
        assertThat(event.path("cost").decimalValue()).isEqualByComparingTo(cost);
        assertThat(event.path("lease_id").asString()).isNotBlank();
    }

    @Test
    void aResponsesRequestBeyondTheFundsIsRefusedWith402BeforeAnyProviderCall() {
        // 5.00 of funds; 1,000,000 output tokens at 70 per million would be 70.
        var priced = Candidates.mock("priced", "mock-gpt", "30", "70");
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(priced));

        proxy.post(
                        "/v1/responses",
                        caller,
                        "{'model': '" + model + "', 'max_output_tokens': 1000000, 'input': 'Hello'}")
                .expectStatus()
                .isEqualTo(402)
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("insufficient_quota");
    }

    @Test
    void pricedEmbeddingsAreChargedTheReportedInputAtTheServingPriceUnderTheirLease() {
        var embedder = Candidates.mock("embedder", "mock-embed", "20", "0");
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(embedder));

        var result = proxy.post(
                        "/v1/embeddings",
                        caller,
                        "{'model': '" + model + "', 'input': ['" + EIGHT_WORDS + "', 'nine']}")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult();

        JsonNode answer = Json.MAPPER.readTree(result.getResponseBody());
        long prompt = answer.at("/usage/prompt_tokens").asLong();
        assertThat(prompt).isPositive();
        BigDecimal cost = UsageCost.of(prompt, 0, embedder.inputPricePerMillion(), BigDecimal.ZERO);
        assertThat(answer.at("/usage/cost").decimalValue()).isEqualByComparingTo(cost);
        JsonNode event = outbox.eventsOf(caller.companyId()).getFirst();
        assertThat(event.path("endpoint").asString()).isEqualTo("/v1/embeddings");
        assertThat(event.path("cost").decimalValue()).isEqualByComparingTo(cost);
        assertThat(event.path("checkpoint").asBoolean()).isFalse();
        assertThat(event.path("lease_id").asString()).isNotBlank();
    }

    @Test
    void aClientThatHangsUpIsChargedForThePartItGotAndItsHoldIsFinished() throws Exception {
        // Output priced far above input, so that the charge follows the tokens relayed; 11 chunks a
        // second apart, so that the stream could not end before 11 s.
        var slow = Candidates.mock("slow", "mock-gpt-chunk-delay-1000", "1", "1000");
        RoutePlanSeeds.seed(plans, caller.companyId(), model, List.of(slow));
        long started = System.nanoTime();

        proxy.hangUpAfterWords(
                2,
                PATH,
                caller,
                "{'model': '" + model + "', 'stream': true, 'max_tokens': 50, "
                        + "'messages': [{'role': 'user', 'content': '" + EIGHT_WORDS + "'}]}");

        Eventually.until(
                Duration.ofSeconds(6),
                "the final usage event of the abandoned stream",
                () -> outbox.eventsOf(caller.companyId()).stream()
                        .anyMatch(event -> !event.path("checkpoint").asBoolean()));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        JsonNode last = outbox.eventsOf(caller.companyId()).getLast();
        assertThat(last.path("http_status").asInt()).isEqualTo(499);
        assertThat(last.path("error_code").asString()).isEqualTo("client_disconnected");
        long relayed = last.path("completion_tokens").asLong();
        assertThat(relayed).isPositive().isLessThan(FULL_ANSWER_TOKENS);
        BigDecimal charged = last.path("cost").decimalValue();
        BigDecimal fullAnswer = UsageCost.of(
                last.path("prompt_tokens").asLong(),
                FULL_ANSWER_TOKENS,
                slow.inputPricePerMillion(),
                slow.outputPricePerMillion());
        assertThat(charged)
                .isEqualByComparingTo(UsageCost.of(
                        last.path("prompt_tokens").asLong(),
                        relayed,
                        slow.inputPricePerMillion(),
                        slow.outputPricePerMillion()))
                .isPositive()
                .isLessThan(fullAnswer);

        // The request was finished (its hold left the lease's in-flight sum): only then does the
        // idle lease close, and its fence row go away.
        UUID lease = UUID.fromString(last.path("lease_id").asString());
        Eventually.until(
                Duration.ofSeconds(10),
                "the idle lease closed",
                () -> jdbc.sql("SELECT count(*) FROM lease WHERE id = ?")
                                .param(lease)
                                .query(Long.class)
                                .single()
                        == 0);
    }
}
