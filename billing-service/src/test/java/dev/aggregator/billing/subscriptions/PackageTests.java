package dev.aggregator.billing.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.billing.usage.UsageSettlement;
import dev.aggregator.common.events.UsageRecorded;
import dev.aggregator.common.outbox.OutboxRelay;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Plans as token packages: opened by a paid period, drawn before the balance, expired at its end. */
class PackageTests extends BillingIntegrationTest {

    @Autowired
    SubscriptionRenewalJob renewals;

    @Autowired
    UsageSettlement settlement;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    OutboxRelay relay;

    private UUID subscribedToPro(String credit) {
        var company = knownCompany();
        credit(company, credit);
        assertThat(post("/v1/billing/subscriptions", owner(company), """
                        {"plan_id": "pro"}""").status())
                .isEqualTo(201);
        return company;
    }

    private void settle(UsageRecorded... events) {
        transactions.executeWithoutResult(status -> settlement.settle(List.of(events)));
    }

    private List<String> packageEntries(UUID company) {
        return jdbc.sql(
                        "SELECT type || ' ' || amount::numeric(20,2) FROM package_entry WHERE company_id = ? ORDER BY seq")
                .param(company)
                .query(String.class)
                .list();
    }

    /** As if the period were over (a month went by). */
    private void endPeriod(UUID company, String ago) {
        jdbc.sql("""
                        UPDATE subscription SET current_period_start = now() - interval '1 month' - CAST(? AS interval),
                                                current_period_end = now() - CAST(? AS interval)
                        WHERE company_id = ? AND status = 'ACTIVE'""").params(ago, ago, company).update();
        jdbc.sql("UPDATE account SET package_ends_at = now() - CAST(? AS interval) WHERE company_id = ?")
                .params(ago, company)
                .update();
    }

    @Test
    void subscribingPaysThePriceAndOpensAPackageOfTheIncludedUsage() {
        var company = subscribedToPro("100");

        var balance = balanceOf(company);
        assertThat(balance.decimal("balance")).isEqualByComparingTo("1");
        assertThat(balance.decimal("package_remaining")).isEqualByComparingTo("110");
        assertThat(balance.decimal("available")).isEqualByComparingTo("1");
        assertThat(get("/v1/billing/subscriptions/current", owner(company)).decimal("included_usage"))
                .isEqualByComparingTo("110");
        assertThat(packageEntries(company)).containsExactly("OPENED 110.00");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void usageIsDrawnFromThePackageFirstAndOnlyTheRestFromTheBalance() {
        var company = subscribedToPro("120"); // balance 21, package 110
        var lease = lease(company, "30");

        settle(usage(company, UUID.randomUUID(), lease, "109.5", false));
        settle(usage(company, UUID.randomUUID(), lease, "2", false));

        var balance = balanceOf(company);
        assertThat(balance.decimal("package_remaining")).isEqualByComparingTo("0");
        assertThat(balance.decimal("balance")).isEqualByComparingTo("19.5");
        assertThat(packageEntries(company)).containsExactly("OPENED 110.00", "DRAWN -109.50", "DRAWN -0.50");
        var statement = get("/v1/billing/package-entries?limit=2", owner(company));
        assertThat(statement.status()).isEqualTo(200);
        var newest = statement.body().get("data");
        assertThat(newest).hasSize(2);
        assertThat(newest.get(0).get("type").asString()).isEqualTo("DRAWN");
        assertThat(newest.get(0).get("amount").decimalValue()).isEqualByComparingTo("-0.5");
        assertThat(newest.get(0).get("remaining_after").decimalValue()).isEqualByComparingTo("0");
        assertThat(newest.get(0).get("request_id").asString()).startsWith("req_");
        var older = get("/v1/billing/package-entries?cursor=" + statement.text("next_cursor"), owner(company));
        assertThat(older.body().get("data")).singleElement().satisfies(entry -> {
            assertThat(entry.get("type").asString()).isEqualTo("OPENED");
            assertThat(entry.get("amount").decimalValue()).isEqualByComparingTo("110");
        });
        assertThat(get("/v1/billing/package-entries?company_id=" + company, owner(knownCompany()))
                        .status())
                .isEqualTo(404);
        var usage = get("/v1/billing/transactions?type=USAGE", owner(company))
                .body()
                .get("data");
        assertThat(usage).hasSize(1);
        assertThat(usage.get(0).get("amount").decimalValue()).isEqualByComparingTo("-1.5");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aCompanyWithAnEmptyBalanceAndAPackageIsAdmitted() {
        var company = subscribedToPro("99"); // balance 0, package 110

        var granted = grantLease(company, "5", "50");

        assertThat(granted.status()).isEqualTo(201);
        assertThat(granted.decimal("amount")).isEqualByComparingTo("27.5"); // a quarter of 110
        var balance = balanceOf(company);
        assertThat(balance.decimal("available")).isEqualByComparingTo("0");
        assertThat(balance.decimal("reserved")).isEqualByComparingTo("27.5");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aCheckpointOverEstimateIsGivenBackToWhereItCameFrom() {
        var company = subscribedToPro("100"); // balance 1, package 110
        var lease = lease(company, "20");
        var usageId = UUID.randomUUID();

        settle(usage(company, usageId, lease, "111", true)); // 110 from the package, 1 from the balance
        settle(usage(company, usageId, lease, "100", false)); // 11 back: 1 to the balance, 10 to the package

        var balance = balanceOf(company);
        assertThat(balance.decimal("balance")).isEqualByComparingTo("1");
        assertThat(balance.decimal("package_remaining")).isEqualByComparingTo("10");
        assertThat(packageEntries(company)).containsExactly("OPENED 110.00", "DRAWN -110.00", "RESTORED 10.00");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void whatAPackageLeavesExpiresAtPeriodEndAndRenewalOpensANewOne() {
        var company = subscribedToPro("300"); // balance 201, package 110
        settle(usage(company, UUID.randomUUID(), null, "10", false));
        endPeriod(company, "1 minute");

        assertThat(balanceOf(company).decimal("package_remaining"))
                .as("an ended period's package admits nothing")
                .isEqualByComparingTo("0");
        renewals.renewDue();

        var balance = balanceOf(company);
        assertThat(balance.decimal("balance")).isEqualByComparingTo("102");
        assertThat(balance.decimal("package_remaining")).isEqualByComparingTo("110");
        assertThat(packageEntries(company))
                .containsExactly("OPENED 110.00", "DRAWN -10.00", "EXPIRED -100.00", "OPENED 110.00");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aCanceledSubscriptionsPackageExpiresWithIt() {
        var company = subscribedToPro("100");
        assertThat(delete("/v1/billing/subscriptions/current", owner(company)).status())
                .isEqualTo(200);
        endPeriod(company, "1 minute");

        renewals.renewDue();

        assertThat(get("/v1/billing/subscriptions/current", owner(company)).text("status"))
                .isEqualTo("CANCELED");
        assertThat(jdbc.sql("SELECT package_remaining FROM account WHERE company_id = ?")
                        .param(company)
                        .query(BigDecimal.class)
                        .single())
                .isEqualByComparingTo("0");
        assertThat(packageEntries(company)).containsExactly("OPENED 110.00", "EXPIRED -110.00");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void heldFundsDelayARenewalWhichLapsesWithAnAuditEntryAfterTheGracePeriod() {
        var company = subscribedToPro("199"); // balance 100, package 110
        endPeriod(company, "1 minute");
        var lease = lease(company, "50"); // held against the balance now: the package's period is over

        renewals.renewDue();

        assertThat(get("/v1/billing/subscriptions/current", owner(company)).text("status"))
                .isEqualTo("ACTIVE");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("100");

        closeLease(lease, "0");
        renewals.renewDue();
        assertThat(get("/v1/billing/subscriptions/current", owner(company)).text("status"))
                .as("not before the retry time")
                .isEqualTo("ACTIVE");
        jdbc.sql("UPDATE subscription SET next_attempt_at = now() - interval '1 second' WHERE company_id = ?")
                .param(company)
                .update();
        renewals.renewDue();
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("1");
        assertThat(balanceOf(company).decimal("package_remaining")).isEqualByComparingTo("110");

        // The next period: funds held beyond the grace period make it lapse.
        endPeriod(company, "2 hours");
        lease(company, "1");
        long audited;
        relay.stop(); // it deletes the rows it published: paused, so that the audit row can be read
        try {
            renewals.renewDue();
            audited = jdbc.sql("""
                            SELECT count(*) FROM outbox_event
                            WHERE payload->>'action' = 'billing.subscription.lapsed' AND payload->>'company_id' = ?""").param(company.toString()).query(Long.class).single();
        } finally {
            relay.start();
        }

        var current = get("/v1/billing/subscriptions/current", owner(company));
        assertThat(current.text("status")).isEqualTo("EXPIRED");
        assertThat(audited).isEqualTo(1);
        assertLedgerMatchesAccount(company);
    }
}
