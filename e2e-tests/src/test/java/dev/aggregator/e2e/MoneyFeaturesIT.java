package dev.aggregator.e2e;

import static dev.aggregator.e2e.Fixtures.amounts;
import static dev.aggregator.e2e.Fixtures.decimal;
import static dev.aggregator.e2e.Fixtures.eventually;
import static dev.aggregator.e2e.Fixtures.offering;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The money features through the gateways: a plan's package drawn before the balance and renewed,
 * a key's monthly spend cap held under concurrency across two proxy instances, and a key's limits
 * changed by PATCH applying within a second on both gateways.
 */
@ExtendWith(PlatformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoneyFeaturesIT {

    private static final String MODEL = "money-gpt";
    private static final BigDecimal INPUT_PRICE = new BigDecimal("0.5");
    private static final BigDecimal OUTPUT_PRICE = new BigDecimal("1.5");

    private final ApiClient first;
    private final ApiClient second;
    private final Fixtures fixtures;

    MoneyFeaturesIT(Platform platform) {
        this.first = new ApiClient(platform.gatewayUrl());
        this.second = new ApiClient(platform.secondGatewayUrl());
        this.fixtures = new Fixtures(platform, first);
    }

    @BeforeAll
    void priceModel() {
        String mock = fixtures.createProvider("mock-money", "mock-key");
        fixtures.priceModel(MODEL, List.of(offering(mock, "mock-gpt", INPUT_PRICE, OUTPUT_PRICE)));
    }

    private static Map<String, Object> chat(int maxTokens) {
        return Map.of(
                "model", MODEL,
                "max_tokens", maxTokens,
                "messages", List.of(Map.of("role", "user", "content", "Spend my money")));
    }

    private String createKey(Fixtures.Company company, Map<String, Object> body) {
        var created = first.post("/v1/auth/api-keys", company.ownerToken(), body);
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        return created.body().get("key").asString();
    }

    /**
     * A key capped at $0.0006 gets 240 concurrent requests costing about $0.0000125 each, five
     * times its cap, half through each gateway (so two proxies admit on their own): what it is
     * charged never exceeds the cap, the rest is refused with spend_limit_exceeded, and the
     * company's balance pays exactly what was charged.
     */
    @Test
    void aCappedKeyNeverSpendsBeyondItsMonthlyLimitUnderConcurrency() throws Exception {
        var company = fixtures.fundedCompany(BigDecimal.TEN);
        var cap = new BigDecimal("0.0006");
        String key = createKey(company, Map.of("name", "capped", "monthly_spend_limit", cap, "rpm_limit", 100_000));
        int requests = 240;
        var burst = Fixtures.chatBurst(List.of(first, second), requests, key, chat(10), "spend_limit_exceeded");
        var charged = burst.charged();
        int ok = burst.answered();
        int refused = burst.refused();
        System.out.printf(
                "Capped key: %d answered, %d refused, %s charged of a %s cap (asked for about %s)%n",
                ok,
                refused,
                charged,
                cap,
                charged.divide(BigDecimal.valueOf(ok), java.math.MathContext.DECIMAL64)
                        .multiply(BigDecimal.valueOf(requests)));
        assertThat(ok).isPositive();
        assertThat(refused).isPositive();
        assertThat(charged).isLessThanOrEqualTo(cap);
        var expected = BigDecimal.TEN.subtract(charged);
        eventually(
                () -> first.get("/v1/billing/balance", company.ownerToken()),
                response -> decimal(response.body(), "reserved").signum() == 0
                        && decimal(response.body(), "balance").compareTo(expected) == 0,
                Duration.ofSeconds(30));
        // The company's own funds are not the limit: its uncapped key is still served.
        assertThat(first.post("/v1/chat/completions", company.apiKey(), chat(10))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aPatchedLimitAndAllowListApplyOnBothGatewaysWithinASecond() {
        var company = fixtures.fundedCompany(BigDecimal.ONE);
        var created = first.post(
                "/v1/auth/api-keys", company.ownerToken(), Map.of("name", "tight", "monthly_spend_limit", 0));
        String key = created.body().get("key").asString();
        String id = created.body().get("id").asString();
        assertThat(first.post("/v1/chat/completions", key, chat(10))
                        .body()
                        .path("error")
                        .path("code")
                        .asString())
                .isEqualTo("spend_limit_exceeded");
        assertThat(second.post("/v1/chat/completions", key, chat(10)).status()).isEqualTo(402);

        var patched = first.send(
                "PATCH", "/v1/auth/api-keys/" + id, company.ownerToken(), Map.of("monthly_spend_limit", 1), Map.of());
        assertThat(patched.status()).isEqualTo(200);
        assertThat(decimal(patched.body(), "monthly_spend_limit")).isEqualByComparingTo("1");
        eventually(
                () -> first.post("/v1/chat/completions", key, chat(10)), r -> r.status() == 200, Duration.ofSeconds(1));
        eventually(
                () -> second.post("/v1/chat/completions", key, chat(10)),
                r -> r.status() == 200,
                Duration.ofSeconds(1));

        first.send(
                "PATCH", "/v1/auth/api-keys/" + id, company.ownerToken(), Map.of("models", List.of("other")), Map.of());
        var refused = eventually(
                () -> second.post("/v1/chat/completions", key, chat(10)),
                r -> r.status() == 403,
                Duration.ofSeconds(1));
        assertThat(refused.body().path("error").path("code").asString()).isEqualTo("model_not_allowed");
    }

    @Test
    void aPlansPackagePaysForUsageBeforeTheBalanceAndIsRenewedAtPeriodEnd() throws Exception {
        var company = fixtures.fundedCompany(new BigDecimal("200"));
        var subscribed = first.post("/v1/billing/subscriptions", company.ownerToken(), Map.of("plan_id", "pro"));
        assertThat(subscribed.status()).as("%s", subscribed.body()).isEqualTo(201);
        var before = first.get("/v1/billing/balance", company.ownerToken()).body();
        assertThat(decimal(before, "balance")).isEqualByComparingTo("101");
        assertThat(decimal(before, "package_remaining")).isEqualByComparingTo("110");

        var chat = first.post("/v1/chat/completions", company.apiKey(), chat(10));
        assertThat(chat.status()).isEqualTo(200);
        var cost = decimal(chat.body().path("usage"), "cost");
        assertThat(cost).isPositive();
        var drawn = eventually(
                () -> first.get("/v1/billing/balance", company.ownerToken()),
                r -> decimal(r.body(), "package_remaining").compareTo(new BigDecimal("110").subtract(cost)) == 0
                        && decimal(r.body(), "reserved").signum() == 0,
                Duration.ofSeconds(30));
        assertThat(decimal(drawn.body(), "balance"))
                .as("the package paid, not the balance")
                .isEqualByComparingTo("101");
        assertThat(amounts(first.get("/v1/billing/transactions?type=USAGE", company.ownerToken())
                        .body()))
                .isEmpty();
        var packageEntries =
                first.get("/v1/billing/package-entries", company.ownerToken()).body();
        assertThat(packageEntries.get("data").get(0).get("type").asString()).isEqualTo("DRAWN");
        assertThat(decimal(packageEntries.get("data").get(0), "amount")).isEqualByComparingTo(cost.negate());

        endPeriodInBillingsDatabase(company.id());
        var renewed = eventually(
                () -> first.get("/v1/billing/balance", company.ownerToken()),
                r -> decimal(r.body(), "balance").compareTo(new BigDecimal("2")) == 0,
                Duration.ofSeconds(20));
        assertThat(decimal(renewed.body(), "package_remaining")).isEqualByComparingTo("110");
        var subscriptionCharges = amounts(first.get("/v1/billing/transactions?type=SUBSCRIPTION", company.ownerToken())
                .body());
        assertThat(subscriptionCharges).hasSize(2);
    }

    /** A month going by, as billing's renewal job sees it. */
    private static void endPeriodInBillingsDatabase(String companyId) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var subscription = connection.prepareStatement("""
                        UPDATE billing_e2e.subscription
                        SET current_period_start = now() - interval '1 month', current_period_end = now() - interval '1 second'
                        WHERE company_id = ?::uuid AND status = 'ACTIVE'""");
                var account = connection.prepareStatement(
                        "UPDATE billing_e2e.account SET package_ends_at = now() - interval '1 second' WHERE company_id = ?::uuid")) {
            subscription.setString(1, companyId);
            account.setString(1, companyId);
            assertThat(subscription.executeUpdate()).isEqualTo(1);
            account.executeUpdate();
        }
    }
}
