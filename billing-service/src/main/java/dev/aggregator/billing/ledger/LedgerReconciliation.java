package dev.aggregator.billing.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks the ledger's two invariants for every account, off the request path: {@code balance =
 * Σ ledger_entry.amount} and {@code package_remaining = Σ package_entry.amount}. One statement
 * each (one snapshot, so a settlement committing meanwhile is seen whole or not at all), every
 * {@code aggregator.billing.reconciliation-interval} (5 minutes by default). The result is a metric
 * ({@code aggregator.ledger.reconciliation.mismatches}, alerted on above zero) and an error log
 * naming the accounts; nothing is corrected automatically, since a mismatch is a bug to look at.
 */
@Component
class LedgerReconciliation {

    private static final Logger log = LoggerFactory.getLogger(LedgerReconciliation.class);

    private final JdbcClient jdbc;
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong lastRun = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    LedgerReconciliation(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("aggregator.ledger.reconciliation.mismatches", mismatches, AtomicLong::get)
                .description(
                        "Accounts whose balance or package differs from the sum of their entries, at the last check")
                .register(meters);
        Gauge.builder("aggregator.ledger.reconciliation.last.run", lastRun, AtomicLong::get)
                .description("When the last reconciliation finished (epoch seconds, 0 before the first)")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("aggregator.ledger.reconciliation.failures", failures, AtomicLong::get)
                .description("Reconciliation runs that could not complete (database unreachable)")
                .register(meters);
    }

    @Scheduled(
            initialDelayString = "${aggregator.billing.reconciliation-initial-delay:30s}",
            fixedDelayString = "${aggregator.billing.reconciliation-interval:5m}")
    void run() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            log.warn("Ledger reconciliation failed, will retry: {}", e.getMessage());
        }
    }

    /** Returns how many accounts are off; also what the metric says until the next run. */
    long reconcile() {
        var balances = jdbc.sql("""
                        SELECT a.company_id FROM account a
                        LEFT JOIN (SELECT company_id, sum(amount) AS total FROM ledger_entry GROUP BY company_id) l
                               ON l.company_id = a.company_id
                        WHERE a.balance <> coalesce(l.total, 0)""").query(String.class).list();
        var packages = jdbc.sql("""
                        SELECT a.company_id FROM account a
                        LEFT JOIN (SELECT company_id, sum(amount) AS total FROM package_entry GROUP BY company_id) p
                               ON p.company_id = a.company_id
                        WHERE a.package_remaining <> coalesce(p.total, 0)""").query(String.class).list();
        long off = balances.size() + packages.size();
        if (!balances.isEmpty()) {
            log.error(
                    "Ledger mismatch: balance differs from the sum of ledger entries for companies {}",
                    first(balances));
        }
        if (!packages.isEmpty()) {
            log.error(
                    "Ledger mismatch: package differs from the sum of package entries for companies {}",
                    first(packages));
        }
        mismatches.set(off);
        lastRun.set(System.currentTimeMillis() / 1000);
        return off;
    }

    private static Object first(java.util.List<String> companies) {
        return companies.size() <= 10
                ? companies
                : companies.subList(0, 10) + " and " + (companies.size() - 10) + " more";
    }
}
