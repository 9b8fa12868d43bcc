package dev.aggregator.billing.subscriptions;

import dev.aggregator.billing.ledger.EntryType;
import dev.aggregator.billing.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends or renews subscriptions whose period is over: a canceled one becomes CANCELED; any other
 * is charged its price for the next month, or becomes EXPIRED when the balance does not cover it.
 */
@Component
class SubscriptionRenewalJob {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionRenewalJob.class);
    private static final int BATCH = 500;

    private final SubscriptionRepository subscriptions;
    private final Ledger ledger;
    private final TransactionTemplate transactions;

    SubscriptionRenewalJob(SubscriptionRepository subscriptions, Ledger ledger, TransactionTemplate transactions) {
        this.subscriptions = subscriptions;
        this.ledger = ledger;
        this.transactions = transactions;
    }

    @Scheduled(
            initialDelayString = "${aggregator.billing.subscription-renewal-interval:60s}",
            fixedDelayString = "${aggregator.billing.subscription-renewal-interval:60s}")
    void run() {
        try {
            int handled = renewDue();
            if (handled > 0) log.info("Renewed or ended {} subscriptions", handled);
        } catch (RuntimeException e) {
            log.warn("Subscription renewal failed, will retry: {}", e.getMessage());
        }
    }

    /** One subscription per transaction, so each touches a single account. */
    int renewDue() {
        int handled = 0;
        while (handled < BATCH && Boolean.TRUE.equals(transactions.execute(status -> renewOne()))) handled++;
        return handled;
    }

    private boolean renewOne() {
        var due = subscriptions.lockNextDue();
        if (due.isEmpty()) return false;
        var subscription = due.get();
        if (subscription.cancelAtPeriodEnd()) {
            subscriptions.end(subscription.id(), Subscription.CANCELED);
            return true;
        }
        var period = subscriptions.periodAfter(subscription.currentPeriodEnd());
        var charged = ledger.postIfAvailable(
                subscription.companyId(),
                EntryType.SUBSCRIPTION,
                subscription.price(),
                Subscriptions.describe(subscription.planName(), period),
                null);
        if (charged.isPresent()) {
            subscriptions.renew(subscription.id(), period);
        } else {
            subscriptions.end(subscription.id(), Subscription.EXPIRED);
        }
        return true;
    }
}
