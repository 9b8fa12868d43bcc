package dev.aggregator.billing.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.common.identity.Identity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SubscriptionApiTests extends BillingIntegrationTest {

    private static final String PRO = """
            {"plan_id": "pro"}""";

    @Autowired
    SubscriptionRenewalJob renewals;

    private Response subscribe(UUID company, String body) {
        return post("/v1/billing/subscriptions", owner(company), body);
    }

    /** Moves the current period into the past, as if a month had gone by. */
    private void endCurrentPeriod(UUID company) {
        jdbc.sql("""
                        UPDATE subscription SET current_period_start = now() - interval '1 month' - interval '1 minute',
                                                current_period_end = now() - interval '1 minute'
                        WHERE company_id = ? AND status = 'ACTIVE'""").param(company).update();
    }

    private String statusOfLatest(UUID company) {
        return jdbc.sql("SELECT status FROM subscription WHERE company_id = ? ORDER BY created_at DESC LIMIT 1")
                .param(company)
                .query(String.class)
                .single();
    }

    @Test
    void subscribingChargesTheFirstMonthFromTheBalance() {
        var company = UUID.randomUUID();
        credit(company, "100");

        var created = subscribe(company, PRO);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("plan_id")).isEqualTo("pro");
        assertThat(created.text("plan_name")).isEqualTo("Pro");
        assertThat(created.text("status")).isEqualTo("ACTIVE");
        assertThat(created.decimal("price")).isEqualByComparingTo("99");
        assertThat(created.body().get("cancel_at_period_end").asBoolean()).isFalse();
        var start = Instant.parse(created.text("current_period_start"));
        var end = Instant.parse(created.text("current_period_end"));
        assertThat(ChronoUnit.DAYS.between(start, end)).isBetween(28L, 31L);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("1");
        var charge = get("/v1/billing/transactions?type=SUBSCRIPTION", owner(company))
                .body()
                .get("data")
                .get(0);
        assertThat(charge.get("amount").decimalValue()).isEqualByComparingTo("-99");
        assertThat(charge.get("description").asString()).startsWith("Pro plan, ");
        assertThat(get("/v1/billing/subscriptions/current", owner(company)).text("id"))
                .isEqualTo(created.text("id"));
        assertLedgerMatchesAccount(company);
    }

    @Test
    void fundsHeldForRequestsCannotPayForAPlan() {
        var company = UUID.randomUUID();
        credit(company, "100");
        lease(company, "2");

        var refused = subscribe(company, PRO);

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.decimal("required")).isEqualByComparingTo("99");
        assertThat(refused.decimal("available")).isEqualByComparingTo("98");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("100");
        assertThat(get("/v1/billing/subscriptions/current", owner(company)).status())
                .isEqualTo(404);
    }

    @Test
    void aSecondSubscriptionIsAConflictAndChargesNothing() {
        var company = UUID.randomUUID();
        credit(company, "500");
        subscribe(company, PRO);

        var second = subscribe(company, """
                {"plan_id": "starter"}""");

        assertThat(second.status()).isEqualTo(409);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("401");
    }

    @Test
    void anUnknownPlanIsABadRequest() {
        var company = UUID.randomUUID();
        credit(company, "500");

        var response = subscribe(company, """
                {"plan_id": "platinum"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("plan_id");
    }

    @Test
    void onlyOwnersAndAdminsMaySubscribe() {
        var company = UUID.randomUUID();
        credit(company, "500");
        var member = Identity.member(company, UUID.randomUUID(), "m@example.test", Set.of(Identity.MEMBER));
        var apiKey = Identity.apiKey(company, UUID.randomUUID(), Set.of("billing:read"));

        assertThat(post("/v1/billing/subscriptions", member, PRO).status()).isEqualTo(403);
        assertThat(post("/v1/billing/subscriptions", apiKey, PRO).status()).isEqualTo(403);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("500");
    }

    @Test
    void aRetriedSubscribeWithTheSameKeyChargesOnce() {
        var company = UUID.randomUUID();
        credit(company, "500");
        var key = "sub-" + UUID.randomUUID();

        var first = post("/v1/billing/subscriptions", owner(company), PRO, key);
        var retry = post("/v1/billing/subscriptions", owner(company), PRO, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text("id")).isEqualTo(first.text("id"));
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("401");
    }

    @Test
    void cancelingKeepsThePaidPeriodAndEndsItWithoutRenewal() {
        var company = UUID.randomUUID();
        credit(company, "500");
        subscribe(company, PRO);

        var canceled = delete("/v1/billing/subscriptions/current", owner(company));

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("ACTIVE");
        assertThat(canceled.body().get("cancel_at_period_end").asBoolean()).isTrue();
        assertThat(canceled.text("canceled_at")).isNotBlank();

        endCurrentPeriod(company);
        renewals.renewDue();

        assertThat(statusOfLatest(company)).isEqualTo("CANCELED");
        var ended = get("/v1/billing/subscriptions/current", owner(company));
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.text("status")).isEqualTo("CANCELED");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("401");
        assertThat(delete("/v1/billing/subscriptions/current", owner(company)).status())
                .isEqualTo(404);
    }

    @Test
    void anEndedPeriodRenewsForAnotherMonthWhenTheBalanceCoversIt() {
        var company = UUID.randomUUID();
        credit(company, "250");
        subscribe(company, PRO);
        endCurrentPeriod(company);

        renewals.renewDue();

        var current = get("/v1/billing/subscriptions/current", owner(company));
        assertThat(current.status()).isEqualTo(200);
        assertThat(Instant.parse(current.text("current_period_end"))).isAfter(Instant.now());
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("52");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void anEndedPeriodExpiresWhenTheBalanceDoesNotCoverTheRenewal() {
        var company = UUID.randomUUID();
        credit(company, "120");
        subscribe(company, PRO);
        endCurrentPeriod(company);

        renewals.renewDue();

        assertThat(statusOfLatest(company)).isEqualTo("EXPIRED");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("21");
        assertLedgerMatchesAccount(company);
    }
}
