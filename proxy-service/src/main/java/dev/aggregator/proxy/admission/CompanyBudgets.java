package dev.aggregator.proxy.admission;

import dev.aggregator.proxy.config.LeaseProperties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * The budgets of this instance, one per company that sent a priced request and one per capped API
 * key, month and cap ({@link BudgetScope}). A budget stays in the map once made (a few fields
 * each): removing one safely would need the same lock as admitting on it, for no gain.
 */
@Component
class CompanyBudgets {

    private final Leases leases;
    private final LeaseProperties properties;
    private final ConcurrentHashMap<BudgetScope, CompanyBudget> budgets = new ConcurrentHashMap<>();
    /** Background refills and closes; none of them is on a request's path. */
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    CompanyBudgets(Leases leases, LeaseProperties properties) {
        this.leases = leases;
        this.properties = properties;
    }

    Leases leases() {
        return leases;
    }

    Hold admit(BudgetScope scope, BigDecimal worstCase) {
        if (worstCase.signum() <= 0) return new Hold(scope, null, worstCase);
        return budgetOf(scope).admit(worstCase);
    }

    /** Holds {@code worstCase} only if the scope's current lease covers it now; else null. */
    Hold admitIfCovered(BudgetScope scope, BigDecimal worstCase) {
        if (worstCase.signum() <= 0) return new Hold(scope, null, worstCase);
        return budgetOf(scope).admitIfCovered(worstCase);
    }

    void release(Hold hold, BigDecimal finalCost) {
        if (hold == null || hold.leaseId() == null) return;
        var budget = budgets.get(hold.scope());
        if (budget != null) budget.release(hold, finalCost);
    }

    CompanyBudget budgetOf(BudgetScope scope) {
        return budgets.computeIfAbsent(
                scope, s -> new CompanyBudget(s, leases, properties.slice(), background, System::nanoTime));
    }

    CompanyBudget budgetOf(UUID companyId) {
        return budgetOf(BudgetScope.company(companyId));
    }

    /** Closes the leases nothing used for the idle time; their unused funds go back to the company. */
    int closeIdle() {
        long idleNanos = properties.idleClose().toNanos();
        int closed = 0;
        for (var budget : budgets.values()) {
            UUID lease = budget.detachIfIdle(idleNanos);
            if (lease != null) {
                leases.close(budget.companyId(), lease);
                closed++;
            }
        }
        return closed;
    }

    /** At shutdown: closes every lease no request runs under; the others are left to a reaper. */
    int closeAllWithNothingInFlight() {
        var closing = new ArrayList<Runnable>();
        for (var budget : budgets.values()) {
            UUID lease = budget.detachIfNothingInFlight();
            if (lease != null) closing.add(() -> leases.close(budget.companyId(), lease));
        }
        closing.forEach(Runnable::run);
        return closing.size();
    }

    /** Forgets a lease that billing ended or a reaper closed; its budget's next request opens a new one. */
    void drop(UUID companyId, UUID leaseId) {
        for (var budget : budgets.values()) {
            if (budget.companyId().equals(companyId) && budget.drop(leaseId)) return;
        }
    }

    List<CompanyBudget> all() {
        return List.copyOf(budgets.values());
    }

    void shutdownBackground() {
        background.close();
    }
}
