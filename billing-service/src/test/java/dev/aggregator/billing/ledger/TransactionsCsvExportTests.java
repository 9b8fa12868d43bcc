package dev.aggregator.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.identity.InternalTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

class TransactionsCsvExportTests extends BillingIntegrationTest {

    private static final String HEADER = "id,type,amount,balance_after,description,request_id,created_at";

    @LocalServerPort
    int localPort;

    record Csv(int status, String contentType, String disposition, String body) {

        /** Records split on CRLF, the RFC 4180 record separator (a quoted field may hold a bare LF). */
        List<String> lines() {
            var lines = new ArrayList<>(Arrays.asList(body.split("\r\n", -1)));
            assertThat(lines.getLast()).as("the last record ends with CRLF").isEmpty();
            lines.removeLast();
            return lines;
        }
    }

    private Csv csv(String pathAndQuery, Identity identity, String accept) {
        var request = RestClient.create("http://127.0.0.1:" + localPort)
                .get()
                .uri(pathAndQuery)
                .header(InternalTokens.HEADER, tokens.mint(identity));
        if (accept != null) request.header(HttpHeaders.ACCEPT, accept);
        return request.exchange((req, res) -> new Csv(
                res.getStatusCode().value(),
                res.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
                res.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION),
                new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private void adjust(UUID company, String operation, String amount, String reason) {
        // An account exists for every registered company; admin adjustments may require one.
        jdbc.sql("INSERT INTO account (company_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(company)
                .update();
        var body = json.writeValueAsString(java.util.Map.of(
                "amount",
                new java.math.BigDecimal(amount),
                "operation",
                operation,
                "company_id",
                company.toString(),
                "reason",
                reason));
        assertThat(post("/v1/billing/balance", platformAdmin(), body).status()).isEqualTo(200);
    }

    @Test
    void exportsTheLedgerAsRfc4180CsvNewestFirstWithPlainMoney() {
        var company = UUID.randomUUID();
        adjust(company, "CREDIT", "10", "Welcome, \"friend\"\nsecond line");
        adjust(company, "DEBIT", "0.00000001", "plain");

        var export = csv("/v1/billing/transactions?format=csv", owner(company), null);

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("text/csv");
        assertThat(export.disposition())
                .startsWith("attachment; filename=\"transactions-")
                .endsWith(".csv\"");
        var lines = export.lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines.get(1)).matches("[0-9a-f-]{36},DEBIT,-0\\.00000001,9\\.99999999,plain,,\\d{4}-.*Z");
        assertThat(lines.get(2))
                .matches("[0-9a-f-]{36},CREDIT,10,10,\"Welcome, \"\"friend\"\"\nsecond line\",,\\d{4}-.*Z");
    }

    @Test
    void appliesTheSameFiltersAsTheJsonList() {
        var company = UUID.randomUUID();
        credit(company, "10");
        adjust(company, "DEBIT", "1", "d");
        credit(company, "3");

        var credits = csv("/v1/billing/transactions?format=csv&type=CREDIT", owner(company), null)
                .lines();
        var future = csv("/v1/billing/transactions?format=csv&from=2999-01-01", owner(company), null)
                .lines();
        var invalid = csv("/v1/billing/transactions?format=csv&type=BONUS", owner(company), null);

        assertThat(credits).hasSize(3);
        assertThat(credits.subList(1, 3)).allMatch(line -> line.contains(",CREDIT,"));
        assertThat(credits.get(1)).contains(",CREDIT,3,");
        assertThat(future).containsExactly(HEADER);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("\"field\":\"type\"");
    }

    @Test
    void acceptTextCsvAsksForTheSameExportWhileOtherAcceptsStayJson() {
        var company = UUID.randomUUID();
        credit(company, "4");

        var byAccept = csv("/v1/billing/transactions", owner(company), "text/csv");
        var anything = csv("/v1/billing/transactions", owner(company), "*/*");
        var json = csv("/v1/billing/transactions", owner(company), "application/json");

        assertThat(byAccept.contentType()).startsWith("text/csv");
        assertThat(byAccept.lines()).hasSize(2);
        assertThat(anything.contentType()).startsWith("application/json");
        assertThat(json.body()).startsWith("{\"data\":");
        assertThat(csv("/v1/billing/transactions?format=xml", owner(company), null)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void exportsOnlyTheCallersCompany() {
        var mine = UUID.randomUUID();
        var theirs = UUID.randomUUID();
        credit(mine, "1");
        credit(theirs, "2");

        var own = csv("/v1/billing/transactions?format=csv", owner(mine), null);
        var other = csv("/v1/billing/transactions?format=csv&company_id=" + theirs, owner(mine), null);

        assertThat(own.lines()).hasSize(2);
        assertThat(own.lines().get(1)).contains(",CREDIT,1,1,");
        assertThat(other.status()).isEqualTo(404);
        assertThat(csv("/v1/billing/transactions?format=csv&company_id=" + theirs, platformAdmin(), null)
                        .lines())
                .hasSize(2);
    }

    @Test
    void streamsEveryRowAcrossManyPagesExactlyOnce() {
        var company = UUID.randomUUID();
        credit(company, "1");
        // More rows than one export page, written directly (the running balance is not the point here).
        int extra = TransactionHistory.EXPORT_PAGE * 2 + 17;
        jdbc.sql("""
                        INSERT INTO ledger_entry (id, company_id, type, amount, balance_after, description)
                        SELECT gen_random_uuid(), ?, 'CREDIT', n, n, 'row ' || n FROM generate_series(1, ?) AS n""").params(company, extra).update();

        var lines =
                csv("/v1/billing/transactions?format=csv", owner(company), null).lines();

        assertThat(lines).hasSize(extra + 2);
        assertThat(lines.stream().skip(1).map(line -> line.substring(0, 36)).distinct())
                .hasSize(extra + 1);
    }
}
