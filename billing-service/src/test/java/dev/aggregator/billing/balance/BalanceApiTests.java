package dev.aggregator.billing.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.common.outbox.OutboxRelay;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

class BalanceApiTests extends BillingIntegrationTest {

    private String transactionId;

    private static String adjustment(String operation, String amount, UUID company) {
        return """
                {"amount": %s, "operation": "%s", "company_id": "%s", "reason": "test"}""".formatted(amount, operation, company);
    }

    @Test
    void companyWithoutAnAccountHasZeros() {
        var company = UUID.randomUUID();

        var balance = balanceOf(company);

        assertThat(balance.status()).isEqualTo(200);
        assertThat(balance.text("company_id")).isEqualTo(company.toString());
        assertThat(balance.decimal("balance")).isEqualByComparingTo("0");
        assertThat(balance.decimal("reserved")).isEqualByComparingTo("0");
        assertThat(balance.decimal("package_remaining")).isEqualByComparingTo("0");
        assertThat(balance.decimal("available")).isEqualByComparingTo("0");
        assertThat(balance.text("currency")).isEqualTo("USD");
    }

    @Test
    void adminCreditsAndDebitsToTheCent() {
        var company = knownCompany();
        var admin = platformAdmin();

        var credited = post("/v1/billing/balance", admin, adjustment("CREDIT", "10.12345678", company));
        var debited = post("/v1/billing/balance", admin, adjustment("DEBIT", "0.00000001", company));

        assertThat(credited.status()).isEqualTo(200);
        assertThat(credited.decimal("balance")).isEqualByComparingTo("10.12345678");
        assertThat(credited.decimal("available")).isEqualByComparingTo("10.12345678");
        assertThat(credited.text("company_id")).isEqualTo(company.toString());
        assertThat(credited.text("transaction_id")).isNotBlank();
        assertThat(debited.status()).isEqualTo(200);
        assertThat(debited.decimal("balance")).isEqualByComparingTo("10.12345677");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("10.12345677");
        assertLedgerMatchesAccount(company);
    }

    @Autowired
    private OutboxRelay relay;

    @Test
    void adjustmentsAreAuditedThroughTheOutbox() {
        var company = knownCompany();

        String payload;
        relay.stop(); // it deletes the rows it published: paused, so that the row can be read
        try {
            var credited = post("/v1/billing/balance", platformAdmin(), adjustment("CREDIT", "3.5", company));
            transactionId = credited.text("transaction_id");
            payload =
                    jdbc.sql("""
                            SELECT payload::text FROM outbox_event
                            WHERE event_type = 'audit.recorded' AND payload ->> 'company_id' = ?""").param(company.toString()).query(String.class).single();
        } finally {
            relay.start();
        }
        var event = json.readTree(payload);
        assertThat(event.get("action").asString()).isEqualTo("billing.credit");
        assertThat(event.get("actor").asString()).isEqualTo("root@aggregator.dev");
        assertThat(event.get("details").get("amount").asString()).isEqualTo("3.5");
        assertThat(event.get("details").get("company_id").asString()).isEqualTo(company.toString());
        assertThat(event.get("details").get("transaction_id").asString()).isEqualTo(transactionId);
    }

    @Test
    void aCreditForACompanyBillingNeverHeardOfIsRefusedAndOpensNoAccount() {
        var unknown = UUID.randomUUID();

        var refused = post("/v1/billing/balance", platformAdmin(), adjustment("CREDIT", "10", unknown));

        assertThat(refused.status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM account WHERE company_id = ?")
                        .param(unknown)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(get("/v1/billing/balance?company_id=" + unknown, platformAdmin())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void companyMembersCannotAdjustBalances() {
        var company = knownCompany();

        var response = post("/v1/billing/balance", owner(company), adjustment("CREDIT", "100", company));

        assertThat(response.status()).isEqualTo(403);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
    }

    @Test
    void debitLargerThanAvailableIsRefusedAndChangesNothing() {
        var company = knownCompany();
        credit(company, "5");
        var reserved = grantLease(company, "2", "2");
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);

        var response = post("/v1/billing/balance", platformAdmin(), adjustment("DEBIT", "3.00000001", company));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.decimal("available")).isEqualByComparingTo("3");
        var balance = balanceOf(company);
        assertThat(balance.decimal("balance")).isEqualByComparingTo("5");
        assertThat(balance.decimal("available")).isEqualByComparingTo("3");
        assertLedgerMatchesAccount(company);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"amount\": 1.123456789, \"operation\": \"CREDIT\", \"company_id\": \"%s\"}",
                "{\"amount\": 0, \"operation\": \"CREDIT\", \"company_id\": \"%s\"}",
                "{\"amount\": -5, \"operation\": \"CREDIT\", \"company_id\": \"%s\"}",
                "{\"amount\": 1000000000000, \"operation\": \"CREDIT\", \"company_id\": \"%s\"}",
                "{\"amount\": 5, \"operation\": \"REFUND\", \"company_id\": \"%s\"}",
                "{\"operation\": \"CREDIT\", \"company_id\": \"%s\"}",
                "{\"amount\": 5, \"operation\": \"CREDIT\", \"company_id\": \"%s\", \"reason\": \"%s\"}"
            })
    void invalidAdjustmentsAreRejectedWithFieldErrorsAndChangeNothing(String template) {
        var company = knownCompany();
        var body = template.formatted(company, "x".repeat(501));

        var response = post("/v1/billing/balance", platformAdmin(), body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors")).isNotEmpty();
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry WHERE company_id = ?")
                        .param(company)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void retryWithTheSameIdempotencyKeyReturnsTheFirstResultWithoutMovingMoneyAgain() {
        var company = knownCompany();
        var admin = platformAdmin();
        var key = "key-" + UUID.randomUUID();

        var first = post("/v1/billing/balance", admin, adjustment("CREDIT", "25", company), key);
        // Same request, different JSON spelling of the same amount.
        var retry = post("/v1/billing/balance", admin, adjustment("CREDIT", "25.000", company), key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.text("transaction_id")).isEqualTo(first.text("transaction_id"));
        assertThat(retry.decimal("balance")).isEqualByComparingTo("25");
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("25");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void reusingAnIdempotencyKeyForAnotherRequestIsAConflict() {
        var company = knownCompany();
        var admin = platformAdmin();
        var key = "key-" + UUID.randomUUID();
        post("/v1/billing/balance", admin, adjustment("CREDIT", "25", company), key);

        var reused = post("/v1/billing/balance", admin, adjustment("CREDIT", "26", company), key);

        assertThat(reused.status()).isEqualTo(409);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("25");
    }

    @Test
    void idempotencyKeysAreScopedToTheCallersCompany() {
        var company = knownCompany();
        var key = "shared-" + UUID.randomUUID();

        post("/v1/billing/balance", platformAdmin(), adjustment("CREDIT", "1", company), key);
        var otherAdmin = post("/v1/billing/balance", platformAdmin(), adjustment("CREDIT", "1", company), key);

        assertThat(otherAdmin.status()).isEqualTo(200);
        assertThat(otherAdmin.headers().getFirst("Idempotent-Replayed")).isNull();
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("2");
    }

    @Test
    void refusedRequestIsNotRememberedUnderItsKey() {
        var company = knownCompany();
        var admin = platformAdmin();
        var key = "key-" + UUID.randomUUID();

        var refused = post("/v1/billing/balance", admin, adjustment("DEBIT", "1", company), key);
        credit(company, "1");
        var retried = post("/v1/billing/balance", admin, adjustment("DEBIT", "1", company), key);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
    }

    @Test
    void overlongIdempotencyKeyIsRejected() {
        var company = knownCompany();

        var response =
                post("/v1/billing/balance", platformAdmin(), adjustment("CREDIT", "1", company), "k".repeat(201));

        assertThat(response.status()).isEqualTo(400);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("0");
    }

    @Test
    void concurrentDuplicatesApplyOnce() throws Exception {
        var company = knownCompany();
        var admin = platformAdmin();
        var key = "key-" + UUID.randomUUID();
        var body = adjustment("CREDIT", "7.5", company);
        var calls = new ArrayList<Callable<Response>>();
        for (int i = 0; i < 8; i++) calls.add(() -> post("/v1/billing/balance", admin, body, key));

        try (var pool = Executors.newFixedThreadPool(8)) {
            var transactionIds = new HashSet<String>();
            for (var result : pool.invokeAll(calls)) {
                var response = result.get();
                assertThat(response.status()).isEqualTo(200);
                transactionIds.add(response.text("transaction_id"));
            }
            assertThat(transactionIds).hasSize(1);
        }
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("7.5");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void concurrentDebitsNeverOverdraw() throws Exception {
        var company = knownCompany();
        credit(company, "1");
        var admin = platformAdmin();
        var calls = new ArrayList<Callable<Response>>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> post("/v1/billing/balance", admin, adjustment("DEBIT", "0.3", company)));
        }

        int succeeded = 0;
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (var result : pool.invokeAll(calls)) {
                if (result.get().status() == 200) succeeded++;
                else assertThat(result.get().status()).isEqualTo(409);
            }
        }

        assertThat(succeeded).isEqualTo(3);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo(new BigDecimal("0.1"));
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aCreditBeyondTheLargestStorableBalanceIsAConflict() {
        var company = knownCompany();
        credit(company, "999999999999");

        var response = post("/v1/billing/balance", platformAdmin(), adjustment("CREDIT", "1", company));

        assertThat(response.status()).isEqualTo(409);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("999999999999");
        assertLedgerMatchesAccount(company);
    }

    @Test
    void aCompanyCannotSeeAnotherCompanysBalance() {
        var mine = knownCompany();
        var theirs = knownCompany();
        credit(theirs, "50");

        var response = get("/v1/billing/balance?company_id=" + theirs, owner(mine));

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void platformAdminReadsAnyCompanysBalance() {
        var company = knownCompany();
        credit(company, "50");

        var response = get("/v1/billing/balance?company_id=" + company, platformAdmin());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.decimal("balance")).isEqualByComparingTo("50");
    }

    @Test
    void requestsWithoutAGatewayIdentityAreRefused() {
        assertThat(get("/v1/billing/balance", null).status()).isEqualTo(401);
    }
}
