package dev.aggregator.billing.subscriptions;

import dev.aggregator.billing.audit.AuditTrail;
import dev.aggregator.billing.idempotency.IdempotencyKeys;
import dev.aggregator.billing.ledger.EntryType;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.billing.plans.Plans;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monthly plans paid from the balance: the first period is charged when subscribing, each next
 * one by {@link SubscriptionRenewalJob} when the period ends. Each paid period opens a package of
 * the plan's {@code included_usage} that requests draw from before the balance.
 */
@Service
class Subscriptions {

    private static final String OPERATION = "POST /v1/billing/subscriptions";

    private final SubscriptionRepository subscriptions;
    private final Plans plans;
    private final Ledger ledger;
    private final IdempotencyKeys idempotencyKeys;
    private final AuditTrail audit;

    Subscriptions(
            SubscriptionRepository subscriptions,
            Plans plans,
            Ledger ledger,
            IdempotencyKeys idempotencyKeys,
            AuditTrail audit) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.ledger = ledger;
        this.idempotencyKeys = idempotencyKeys;
        this.audit = audit;
    }

    /**
     * Subscribes the caller's company and charges the first month: 402 when the available balance
     * does not cover it, 409 when the company already has an active subscription.
     */
    @Transactional
    IdempotencyKeys.Outcome<SubscriptionView> subscribe(
            Identity actor, SubscribeRequest request, String idempotencyKey, String clientIp) {
        actor.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        var company = actor.companyId();
        return idempotencyKeys.execute(
                company,
                idempotencyKey,
                IdempotencyKeys.fingerprint(OPERATION, request.planId()),
                201,
                SubscriptionView.class,
                () -> start(actor, company, request.planId(), clientIp));
    }

    @Transactional(readOnly = true)
    SubscriptionView current(UUID companyId) {
        return subscriptions
                .findCurrentOrLatest(companyId)
                .map(SubscriptionView::of)
                .orElseThrow(Subscriptions::none);
    }

    /** Stops renewal; the subscription stays active until the end of the period already paid. */
    @Transactional
    SubscriptionView cancel(Identity actor, String clientIp) {
        actor.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        var canceled = subscriptions.cancelAtPeriodEnd(actor.companyId()).orElseThrow(Subscriptions::none);
        audit.record(
                actor,
                actor.companyId(),
                "billing.subscription.canceled",
                "subscription:" + canceled.id(),
                clientIp,
                Map.of(
                        "plan_id",
                        canceled.planId(),
                        "period_end",
                        canceled.currentPeriodEnd().toString()));
        return SubscriptionView.of(canceled);
    }

    private SubscriptionView start(Identity actor, UUID company, String planId, String clientIp) {
        var plan = plans.findActive(planId)
                .orElseThrow(() -> ApiException.badRequest("plan_id", "is not an available plan"));
        if (subscriptions.findActive(company).isPresent()) throw alreadySubscribed();
        var period = subscriptions.nextPeriodFromNow();
        var posting = ledger.postIfAvailable(
                        company, EntryType.SUBSCRIPTION, plan.monthlyPrice(), describe(plan.name(), period), null)
                .orElseThrow(() -> ApiException.paymentRequired("The available balance does not cover the plan.")
                        .with("required", Money.plain(plan.monthlyPrice()))
                        .with("available", Money.plain(ledger.balance(company).available())));
        var id = UUID.randomUUID();
        try {
            subscriptions.insertActive(id, company, plan.id(), plan.monthlyPrice(), plan.includedUsage(), period);
        } catch (DuplicateKeyException concurrentSubscribe) {
            // Another request subscribed in between; throwing rolls this charge back.
            throw alreadySubscribed();
        }
        ledger.openPackage(company, plan.includedUsage(), period.end(), describePackage(plan.name(), period));
        audit.record(
                actor,
                company,
                "billing.subscription.created",
                "subscription:" + id,
                clientIp,
                Map.of(
                        "plan_id", plan.id(),
                        "amount", Money.plain(plan.monthlyPrice()).toPlainString(),
                        "transaction_id", posting.entry().id().toString()));
        return SubscriptionView.of(subscriptions.findActive(company).orElseThrow());
    }

    static String describe(String planName, SubscriptionRepository.Period period) {
        return "%s plan, %s to %s".formatted(planName, day(period.start()), day(period.end()));
    }

    static String describePackage(String planName, SubscriptionRepository.Period period) {
        return "%s plan package, %s to %s".formatted(planName, day(period.start()), day(period.end()));
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static ApiException none() {
        return ApiException.notFound("The company has no active subscription.");
    }

    private static ApiException alreadySubscribed() {
        return ApiException.conflict("The company already has an active subscription; cancel it first.");
    }
}
