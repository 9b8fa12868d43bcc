package dev.aggregator.billing.leases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The expiry backstop against a lease that another transaction is changing right now. */
class LeaseExpiryJobTests extends BillingIntegrationTest {

    @Autowired
    LeaseExpiryJob expiryJob;

    @Autowired
    TransactionTemplate transactions;

    // Its own threads: the common pool may have a single one, which the settlement would occupy.
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void expirySkipsALeaseASettlementHoldsAndNeverReleasesAStaleHold() throws Exception {
        var company = UUID.randomUUID();
        credit(company, "10");
        var lease = lease(company, "4");
        jdbc.sql("UPDATE lease SET expires_at = now() - interval '1 second' WHERE id = ?")
                .param(lease)
                .update();
        var locked = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        // Stands for a settlement in progress: it holds the lease's row lock, then draws 3 from it.
        var settlement = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT id FROM lease WHERE id = ? FOR UPDATE")
                    .param(lease)
                    .query()
                    .listOfRows();
            locked.countDown();
            await(release);
            jdbc.sql("UPDATE lease SET settled = 3 WHERE id = ?").param(lease).update();
            jdbc.sql("UPDATE account SET balance = balance - 3, reserved = reserved - 3 WHERE company_id = ?")
                    .param(company)
                    .update();
            jdbc.sql("""
                            INSERT INTO ledger_entry (id, company_id, type, amount, balance_after)
                            VALUES (?, ?, 'USAGE', -3, 7)""").params(UUID.randomUUID(), company).update();
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        // Without SKIP LOCKED (or without the lock) the job would wait here for the settlement.
        var expiry = CompletableFuture.supplyAsync(expiryJob::expireOverdue, threads);
        expiry.get(5, TimeUnit.SECONDS);
        assertThat(statusOf(lease)).isEqualTo("ACTIVE");
        release.countDown();
        settlement.get(10, TimeUnit.SECONDS);
        expiryJob.expireOverdue();

        assertThat(statusOf(lease)).isEqualTo("EXPIRED");
        var balance = balanceOf(company);
        assertThat(balance.decimal("balance")).isEqualByComparingTo("7");
        assertThat(balance.decimal("reserved")).isEqualByComparingTo("0");
        assertLedgerMatchesAccount(company);
    }

    private String statusOf(UUID lease) {
        return jdbc.sql("SELECT status FROM lease WHERE id = ?")
                .param(lease)
                .query(String.class)
                .single();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
