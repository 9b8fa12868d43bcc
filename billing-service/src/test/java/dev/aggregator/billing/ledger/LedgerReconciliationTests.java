package dev.aggregator.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregator.billing.BillingIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;

class LedgerReconciliationTests extends BillingIntegrationTest {

    @Autowired
    LedgerReconciliation reconciliation;

    @org.springframework.boot.test.web.server.LocalServerPort
    int localPort;

    @Test
    void anAccountWhoseBalanceDiffersFromItsLedgerIsCountedAndShownOnPrometheus() {
        UUID company = knownCompany();
        credit(company, "10.00");
        long before = reconciliation.reconcile();
        assertThat(prometheusValue("aggregator_ledger_reconciliation_mismatches"))
                .isEqualTo(before);

        // A balance change without its ledger entry: what the check exists to catch.
        jdbc.sql("UPDATE account SET balance = balance + 1 WHERE company_id = ?")
                .param(company)
                .update();
        try {
            assertThat(reconciliation.reconcile()).isEqualTo(before + 1);
            assertThat(prometheusValue("aggregator_ledger_reconciliation_mismatches"))
                    .isEqualTo(before + 1);
            assertThat(prometheusValue("aggregator_ledger_reconciliation_last_run_seconds"))
                    .isGreaterThan(0);
        } finally {
            jdbc.sql("UPDATE account SET balance = balance - 1 WHERE company_id = ?")
                    .param(company)
                    .update();
        }
        assertThat(reconciliation.reconcile()).isEqualTo(before);
    }

    @Test
    void outboxLagAndDeadLetterDepthAreExposed() {
        String scrape = scrape();
        assertThat(scrape).contains("aggregator_outbox_lag_seconds");
        assertThat(scrape).contains("aggregator_outbox_pending");
        assertThat(scrape).containsPattern("aggregator_events_dead_letters\\{queue=\"[^\"]+\\.dlq\"}");
    }

    private String scrape() {
        return RestClient.create("http://127.0.0.1:" + localPort)
                .get()
                .uri("/actuator/prometheus")
                .retrieve()
                .body(String.class);
    }

    private long prometheusValue(String name) {
        for (String line : scrape().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " is not on /actuator/prometheus");
    }
}
