package dev.aggregator.billing.keybudgets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.billing.usage.UsageSettlement;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** A capped API key's leases hold on its month as well as on the account. */
class KeyCapTests extends BillingIntegrationTest {

    private static final String MONTH = YearMonth.now(ZoneOffset.UTC).toString();

    @Autowired
    UsageSettlement settlement;

    @Autowired
    TransactionTemplate transactions;

    private Response grantForKey(UUID company, UUID key, String limit, String minimum, String desired) {
        return post("/internal/leases", proxyService(), """
                {"company_id": "%s", "holder": "proxy-test", "minimum": %s, "desired": %s,
                 "api_key_id": "%s", "spend_limit": %s, "key_month": "%s"}""".formatted(company, minimum, desired, key, limit, MONTH));
    }

    private BigDecimal[] keyMonth(UUID key) {
        return jdbc.sql(
                        "SELECT spent, reserved FROM key_budget WHERE api_key_id = ? AND month = date_trunc('month', now() AT TIME ZONE 'UTC')::date")
                .param(key)
                .query((rs, n) -> new BigDecimal[] {rs.getBigDecimal("spent"), rs.getBigDecimal("reserved")})
                .single();
    }

    @Test
    void aCappedKeysLeaseIsSizedByItsRoomAndRefusedBeyondIt() {
        var company = knownCompany();
        credit(company, "100");
        var key = UUID.randomUUID();

        var first = grantForKey(company, key, "2", "0.1", "5");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.decimal("amount")).isEqualByComparingTo("0.5"); // a quarter of the key's room
        assertThat(keyMonth(key)[1]).isEqualByComparingTo("0.5");

        var refused = grantForKey(company, key, "2", "1.6", "5");
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.text("code")).isEqualTo("spend_limit_exceeded");
        assertThat(refused.decimal("remaining")).isEqualByComparingTo("1.5");
        assertThat(balanceOf(company).decimal("reserved")).isEqualByComparingTo("0.5");

        var lease = UUID.fromString(first.text("lease_id"));
        transactions.executeWithoutResult(status ->
                settlement.settle(List.of(byKey(usage(company, UUID.randomUUID(), lease, "0.4", false), key))));
        assertThat(keyMonth(key)).containsExactly(new BigDecimal("0.40000000"), new BigDecimal("0.10000000"));

        assertThat(closeLease(lease, "0.4").status()).isEqualTo(204);
        assertThat(keyMonth(key)[1]).isEqualByComparingTo("0");
        assertThat(grantForKey(company, key, "2", "1.6", "5").status()).isEqualTo(201);
        assertThat(grantForKey(company, key, "2", "0.00000001", "5").status())
                .as("1.6 held + 0.4 spent: nothing left")
                .isEqualTo(402);
        assertLedgerMatchesAccount(company);
    }

    @Test
    void everyKeysSpendIsCountedSoACapSetLaterCountsIt() {
        var company = knownCompany();
        credit(company, "10");
        var key = UUID.randomUUID();
        transactions.executeWithoutResult(status ->
                settlement.settle(List.of(byKey(usage(company, UUID.randomUUID(), null, "1.25", false), key))));

        assertThat(keyMonth(key)[0]).isEqualByComparingTo("1.25");
        var refused = grantForKey(company, key, "1.5", "0.3", "1");
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.decimal("remaining")).isEqualByComparingTo("0.25");
    }

    @Test
    void concurrentGrantsNeverHoldMoreThanTheCap() throws Exception {
        var company = knownCompany();
        credit(company, "100");
        var key = UUID.randomUUID();
        int threads = 16;
        var barrier = new CyclicBarrier(threads);
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var results = new ArrayList<Future<Response>>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    return grantForKey(company, key, "2", "0.3", "0.3");
                }));
            }
            int granted = 0;
            for (var result : results) {
                var response = result.get();
                if (response.status() == 201) granted++;
                else assertThat(response.status()).isEqualTo(402);
            }
            assertThat(granted).isEqualTo(6); // 6 × 0.3 = 1.8 <= 2 < 7 × 0.3
        } finally {
            pool.shutdownNow();
        }
        assertThat(keyMonth(key)[1]).isEqualByComparingTo("1.8");
        assertLedgerMatchesAccount(company);
    }
}
