package dev.aggregator.billing.keybudgets;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys' monthly spend caps, admitted like the company's funds: a capped key's requests run
 * under leases of their own whose holds count against the key's month as well as the account
 * ({@code key_budget.reserved = Σ held} of those leases, the same invariant as the account's), so
 * {@code spent + reserved <= spend_limit} holds under any concurrency and over any number of proxy
 * instances. Every key's spend is counted, capped or not, so a cap set mid-month counts what the
 * key spent before it.
 */
@Service
public class KeyBudgets {

    private final KeyBudgetRepository budgets;

    KeyBudgets(KeyBudgetRepository budgets) {
        this.budgets = budgets;
    }

    /** Locks the key's month for a grant, recording the cap the key has now. */
    @Transactional(propagation = Propagation.MANDATORY)
    public KeyBudget lockForGrant(KeyMonth keyMonth, UUID companyId, BigDecimal spendLimit) {
        return budgets.lockWithLimit(keyMonth, companyId, spendLimit);
    }

    /** Locks the key's month for an extension, with the cap last recorded. */
    @Transactional(propagation = Propagation.MANDATORY)
    public KeyBudget lock(KeyMonth keyMonth) {
        return budgets.lock(keyMonth);
    }

    /** Changes what a locked key month holds by a signed amount (a grant adds, a release takes). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changeHeld(KeyMonth keyMonth, BigDecimal delta) {
        if (delta.signum() == 0) return;
        budgets.add(java.util.List.of(new KeyBudgetRepository.KeyBudgetChange(keyMonth, BigDecimal.ZERO, delta)));
    }

    /** Starts the settlement of a batch: locks every key month it touches, in lock order. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Batch batch(Map<KeyMonth, UUID> companies) {
        var sorted = new TreeMap<>(companies);
        budgets.openAndLock(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
        return new Batch();
    }

    /** Spend and hold changes of a settlement batch, written together by {@link #apply}. */
    public final class Batch {

        private final Map<KeyMonth, BigDecimal[]> changes = new TreeMap<>();

        private Batch() {}

        /** The key spent {@code spent} more, and its leases hold {@code heldChange} less. */
        public void record(KeyMonth keyMonth, BigDecimal spent, BigDecimal heldChange) {
            var change = changes.computeIfAbsent(keyMonth, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            change[0] = change[0].add(spent);
            change[1] = change[1].subtract(heldChange);
        }

        public void apply() {
            var rows = new ArrayList<KeyBudgetRepository.KeyBudgetChange>();
            changes.forEach(
                    (key, change) -> rows.add(new KeyBudgetRepository.KeyBudgetChange(key, change[0], change[1])));
            budgets.add(rows);
        }
    }
}
