package dev.aggregator.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionsApiTests extends BillingIntegrationTest {

    private void debit(UUID company, String amount) {
        var response = post("/v1/billing/balance", platformAdmin(), """
                {"amount": %s, "operation": "DEBIT", "company_id": "%s"}""".formatted(amount, company));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void listsSignedEntriesNewestFirstWithTheBalanceEachLeft() {
        var company = UUID.randomUUID();
        credit(company, "10");
        debit(company, "2.5");

        var page = get("/v1/billing/transactions", owner(company));

        assertThat(page.status()).isEqualTo(200);
        var data = page.body().get("data");
        assertThat(data).hasSize(2);
        assertThat(data.get(0).get("type").asString()).isEqualTo("DEBIT");
        assertThat(data.get(0).get("amount").decimalValue()).isEqualByComparingTo("-2.5");
        assertThat(data.get(0).get("balance_after").decimalValue()).isEqualByComparingTo("7.5");
        assertThat(data.get(0).has("request_id")).isTrue();
        assertThat(data.get(1).get("type").asString()).isEqualTo("CREDIT");
        assertThat(data.get(1).get("amount").decimalValue()).isEqualByComparingTo("10");
        assertThat(data.get(1).get("balance_after").decimalValue()).isEqualByComparingTo("10");
        assertThat(data.get(1).get("created_at").asString()).endsWith("Z");
    }

    @Test
    void filtersByType() {
        var company = UUID.randomUUID();
        credit(company, "10");
        debit(company, "1");
        credit(company, "3");

        var credits = get("/v1/billing/transactions?type=CREDIT", owner(company));

        assertThat(credits.body().get("data")).hasSize(2);
        credits.body()
                .get("data")
                .forEach(entry -> assertThat(entry.get("type").asString()).isEqualTo("CREDIT"));
    }

    @Test
    void filtersByTimeRange() {
        var company = UUID.randomUUID();
        credit(company, "10");

        var future = get("/v1/billing/transactions?from=2999-01-01T00:00:00Z", owner(company));
        var past = get("/v1/billing/transactions?from=2000-01-01&to=2999-01-01T00:00:00Z", owner(company));

        assertThat(future.body().get("data")).isEmpty();
        assertThat(past.body().get("data")).hasSize(1);
    }

    @Test
    void pagesThroughEveryEntryExactlyOnceWithCursors() {
        var company = UUID.randomUUID();
        for (int i = 1; i <= 5; i++) credit(company, String.valueOf(i));

        var seen = new ArrayList<String>();
        String cursor = null;
        int pages = 0;
        do {
            var page = get(
                    "/v1/billing/transactions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), owner(company));
            assertThat(page.status()).isEqualTo(200);
            page.body()
                    .get("data")
                    .forEach(entry -> seen.add(entry.get("amount").asString()));
            var next = page.body().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("5", "4", "3", "2", "1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limit=0",
                "limit=501",
                "limit=abc",
                "cursor=not-a-cursor",
                "type=BONUS",
                "from=yesterday",
                "to=2025-13-01",
                "from=2025-02-01&to=2025-01-01",
                // Valid ISO-8601, but outside what PostgreSQL's timestamptz can hold.
                "from=-5000-01-01T00:00:00Z",
                "to=-300000-01-01"
            })
    void invalidQueriesAreBadRequests(String query) {
        var response = get("/v1/billing/transactions?" + query, owner(UUID.randomUUID()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors")).isNotEmpty();
        assertThat(response.body().get("errors").findValuesAsString("field"))
                .containsAnyOf("limit", "cursor", "type", "from", "to");
    }

    @Test
    void aCompanySeesOnlyItsOwnTransactions() {
        var mine = UUID.randomUUID();
        var theirs = UUID.randomUUID();
        credit(mine, "1");
        credit(theirs, "2");

        var own = get("/v1/billing/transactions", owner(mine));
        var other = get("/v1/billing/transactions?company_id=" + theirs, owner(mine));

        assertThat(own.body().get("data")).hasSize(1);
        assertThat(own.body().get("data").get(0).get("amount").decimalValue()).isEqualByComparingTo("1");
        assertThat(other.status()).isEqualTo(404);
    }

    @Test
    void platformAdminListsAnyCompanysTransactions() {
        var company = UUID.randomUUID();
        credit(company, "2");

        var response = get("/v1/billing/transactions?company_id=" + company, platformAdmin());

        assertThat(response.body().get("data")).hasSize(1);
    }
}
