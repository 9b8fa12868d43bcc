package dev.aggregator.billing.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import dev.aggregator.common.identity.Identity;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Idempotency-Keys are remembered for 24 hours, then treated as new and purged. */
class IdempotencyKeyExpiryTests extends BillingIntegrationTest {

    @Autowired
    IdempotencyKeyPurgeJob purge;

    private final Identity admin = Identity.member(
            UUID.randomUUID(), UUID.randomUUID(), "root@aggregator.dev", Set.of(Identity.PLATFORM_ADMIN));

    private Response credit(UUID company, String amount, String key) {
        // An account exists for every registered company; admin credits may require one.
        jdbc.sql("INSERT INTO account (company_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(company)
                .update();
        return post("/v1/billing/balance", admin, """
                {"amount": %s, "operation": "CREDIT", "company_id": "%s"}""".formatted(amount, company), key);
    }

    /** Moves the key's creation back in time, as if that many hours had gone by. */
    private void age(String key, int hours) {
        int updated = jdbc.sql("""
                        UPDATE idempotency_key SET created_at = now() - make_interval(hours => ?)
                        WHERE scope_company_id = ? AND idempotency_key = ?""").params(hours, admin.companyId(), key).update();
        assertThat(updated).isEqualTo(1);
    }

    private int keysOf(UUID scope) {
        return jdbc.sql("SELECT count(*) FROM idempotency_key WHERE scope_company_id = ?")
                .param(scope)
                .query(Integer.class)
                .single();
    }

    @Test
    void aKeyYoungerThan24HoursStillReplaysTheFirstResult() {
        var company = UUID.randomUUID();
        var key = "key-" + UUID.randomUUID();
        var first = credit(company, "10", key);
        age(key, 23);

        var retry = credit(company, "10", key);
        var reuse = credit(company, "11", key);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.text("transaction_id")).isEqualTo(first.text("transaction_id"));
        assertThat(reuse.status()).isEqualTo(409);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("10");
    }

    @Test
    void aKeyOlderThan24HoursIsANewRequest() {
        var company = UUID.randomUUID();
        var key = "key-" + UUID.randomUUID();
        var first = credit(company, "10", key);
        age(key, 25);

        var again = credit(company, "10", key);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.headers().getFirst("Idempotent-Replayed")).isNull();
        assertThat(again.text("transaction_id")).isNotEqualTo(first.text("transaction_id"));
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("20");
        // The key now remembers the new request, for another 24 hours.
        var retry = credit(company, "10", key);
        assertThat(retry.text("transaction_id")).isEqualTo(again.text("transaction_id"));
        assertThat(credit(company, "12", key).status()).isEqualTo(409);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("20");
    }

    @Test
    void anExpiredKeyMayCarryAnotherBody() {
        var company = UUID.randomUUID();
        var key = "key-" + UUID.randomUUID();
        credit(company, "10", key);
        age(key, 25);

        var other = credit(company, "3", key);

        assertThat(other.status()).isEqualTo(200);
        assertThat(balanceOf(company).decimal("balance")).isEqualByComparingTo("13");
    }

    @Test
    void thePurgeDeletesExpiredKeysInBatchesAndKeepsTheOthers() {
        var scope = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            jdbc.sql("""
                            INSERT INTO idempotency_key (scope_company_id, idempotency_key, request_hash, created_at)
                            VALUES (?, ?, ?, now() - interval '25 hours')""").params(scope, "old-" + i, "0".repeat(64)).update();
        }
        for (int i = 0; i < 2; i++) {
            jdbc.sql("""
                            INSERT INTO idempotency_key (scope_company_id, idempotency_key, request_hash, created_at)
                            VALUES (?, ?, ?, now() - interval '23 hours')""").params(scope, "fresh-" + i, "0".repeat(64)).update();
        }

        int purged = purge.purgeExpired(2);

        assertThat(purged).isGreaterThanOrEqualTo(5);
        assertThat(keysOf(scope)).isEqualTo(2);
        assertThat(jdbc.sql("SELECT idempotency_key FROM idempotency_key WHERE scope_company_id = ? ORDER BY 1")
                        .param(scope)
                        .query(String.class)
                        .list())
                .containsExactly("fresh-0", "fresh-1");
    }
}
