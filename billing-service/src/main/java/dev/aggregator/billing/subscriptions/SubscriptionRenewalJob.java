package dev.aggregator.billing.subscriptions;

import dev.aggregator.billing.audit.AuditTrail;
import dev.aggregator.billing.config.BillingProperties;
import dev.aggregator.billing.ledger.EntryType;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.billing.plans.Plans;
import dev.aggregator.common.identity.Identity;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends or renews subscriptions whose period is over, and expires what ended packages left.
 *
 * <ul>
 *   <li>A canceled subscription becomes CANCELED.
 *   <li>Any other is charged the plan's price for the next period, which opens a new package
 *       (what the old one left expires first). When the balance alone would pay but funds held by
 *       requests in flight stand in the way, the renewal is tried again every retry interval
 *       until the grace period after the period's end is over; then, or at once when the balance
 *       itself is short, the subscription lapses (EXPIRED) with an audit entry.
 *   <li>What an ended package still has is expired as far as holds granted before its end
 *       allow; the rest on a later run.
 * </ul>
 */
@Component
public class SubscriptionRenewalJob {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionRenewalJob.class);
    private static final int BATCH = 500;
    private static final Identity ACTOR = Identity.service("billing-service");

    private final SubscriptionRepository subscriptions;
    private final Plans plans;
    private final Ledger ledger;
    private final AuditTrail audit;
    private final BillingProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SubscriptionRenewalJob(
            SubscriptionRepository subscriptions,
            Plans plans,
            Ledger ledger,
            AuditTrail audit,
            BillingProperties properties,
            TransactionTemplate transactions,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.ledger = ledger;
        this.audit = audit;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${aggregator.billing.subscription-renewal-interval:60s}",
            fixedDelayString = "${aggregator.billing.subscription-renewal-interval:60s}")
    void run() {
        try {
            int handled = renewDue();
            int expired = expireEndedPackages();
            if (handled > 0 || expired > 0) {
                log.info("Renewed or ended {} subscriptions, expired {} ended packages", handled, expired);
            }
        } catch (RuntimeException e) {
            log.warn("Subscription renewal failed, will retry: {}", e.getMessage());
        }
    }

    /** One subscription per transaction, so each touches a single account. */
    public int renewDue() {
        int handled = 0;
        while (handled < BATCH && Boolean.TRUE.equals(transactions.execute(status -> renewOne()))) handled++;
        return handled;
    }

    /** One account per transaction; an account whose holds still need its leftover is skipped. */
    int expireEndedPackages() {
        int expired = 0;
        for (var company : ledger.companiesWithEndedPackages(BATCH)) {
            var amount = transactions.execute(status -> ledger.expireEndedPackage(company));
            if (amount != null && amount.signum() > 0) expired++;
        }
        return expired;
    }

    private boolean renewOne() {
        var due = subscriptions.lockNextDue();
        if (due.isEmpty()) return false;
        var subscription = due.get();
        var company = subscription.companyId();
        if (subscription.cancelAtPeriodEnd()) {
            subscriptions.end(subscription.id(), Subscription.CANCELED);
            ledger.expireEndedPackage(company);
            return true;
        }
        // Renewal charges what the plan says now (an admin may have changed it), and grants its package.
        var plan = plans.find(subscription.planId()).orElse(null);
        var price = plan == null ? subscription.price() : plan.monthlyPrice();
        var included = plan == null ? subscription.includedUsage() : plan.includedUsage();
        var period = subscriptions.periodAfter(subscription.currentPeriodEnd());
        var charged = ledger.postIfAvailable(
                company, EntryType.SUBSCRIPTION, price, Subscriptions.describe(subscription.planName(), period), null);
        if (charged.isPresent()) {
            subscriptions.renew(subscription.id(), period, price, included);
            ledger.openPackage(
                    company, included, period.end(), Subscriptions.describePackage(subscription.planName(), period));
            return true;
        }
        var account = ledger.balance(company);
        var graceEnds = subscription.currentPeriodEnd().plus(properties.renewalGrace());
        var now = clock.instant();
        if (account.balance().compareTo(price) >= 0 && now.isBefore(graceEnds)) {
            // Held funds are in the way: leases return within seconds once requests stop.
            subscriptions.retryAt(subscription.id(), now.plus(properties.renewalRetryInterval()));
            return true;
        }
        subscriptions.end(subscription.id(), Subscription.EXPIRED);
        ledger.expireEndedPackage(company);
        audit.record(
                ACTOR,
                company,
                "billing.subscription.lapsed",
                "subscription:" + subscription.id(),
                null,
                Map.of(
                        "plan_id", subscription.planId(),
                        "price", Money.plain(price).toPlainString(),
                        "balance", Money.plain(account.balance()).toPlainString(),
                        "available", Money.plain(account.available()).toPlainString()));
        return true;
    }
}
