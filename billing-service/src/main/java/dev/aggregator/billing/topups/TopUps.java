package dev.aggregator.billing.topups;

import dev.aggregator.billing.audit.AuditTrail;
import dev.aggregator.billing.idempotency.IdempotencyKeys;
import dev.aggregator.billing.ledger.EntryType;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.common.identity.Identity;
import dev.aggregator.common.web.ApiException;
import dev.aggregator.common.web.CursorPage;
import dev.aggregator.common.web.Cursors;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Self-serve top-ups: a Stripe Checkout Session per top-up, and the effects of Stripe's events on
 * it. The balance moves only here, through {@link Ledger}, and only on signed events: a
 * {@code TOP_UP} entry once per paid top-up, a {@code REFUND} entry per newly refunded amount.
 */
@Service
class TopUps {

    /** The actor audit records name for what Stripe's webhooks did. */
    static final Identity STRIPE = Identity.service("stripe");

    private static final String OPERATION = "top_up";

    private static final Logger log = LoggerFactory.getLogger(TopUps.class);

    private final TopUpRepository topUps;
    private final StripeCheckout checkout;
    private final Ledger ledger;
    private final AuditTrail audit;
    private final Cursors cursors;
    private final TransactionTemplate transaction;
    private final IdempotencyKeys idempotencyKeys;

    TopUps(
            TopUpRepository topUps,
            StripeCheckout checkout,
            Ledger ledger,
            AuditTrail audit,
            Cursors cursors,
            PlatformTransactionManager transactions,
            IdempotencyKeys idempotencyKeys) {
        this.topUps = topUps;
        this.checkout = checkout;
        this.ledger = ledger;
        this.audit = audit;
        this.cursors = cursors;
        this.idempotencyKeys = idempotencyKeys;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Opens a Checkout Session and records the PENDING top-up. Without an {@code Idempotency-Key}
     * Stripe is called outside any database transaction (no connection held while waiting on it);
     * should the insert then fail, the session is simply never paid and expires.
     *
     * <p>With a key, the key's claim, the Stripe call and the insert share one transaction, as the
     * other idempotent POSTs do: a retry under the same key waits for the first request's claim and
     * gets its top-up back (one top-up, one Checkout Session, however often a form is sent); the
     * same key for another amount is a 409. That holds a connection for the Stripe call, which a
     * top-up, a rare request, can afford.
     */
    IdempotencyKeys.Outcome<TopUpView> create(
            Identity actor, CreateTopUpRequest request, String idempotencyKey, String clientIp) {
        actor.requireAnyRole(Identity.OWNER, Identity.ADMIN);
        if (!checkout.configured()) throw notConfigured();
        var company = actor.companyId();
        if (idempotencyKey == null) {
            return new IdempotencyKeys.Outcome<>(open(actor, company, request.amount(), clientIp), 201, false);
        }
        return transaction.execute(status -> idempotencyKeys.execute(
                company,
                idempotencyKey,
                IdempotencyKeys.fingerprint(OPERATION, request.amount()),
                201,
                TopUpView.class,
                () -> open(actor, company, request.amount(), clientIp)));
    }

    /** The Checkout Session, then the top-up and its audit record (joining a transaction under way). */
    private TopUpView open(Identity actor, UUID company, BigDecimal amount, String clientIp) {
        var id = UUID.randomUUID();
        var session = checkout.create(id, company, amount);
        return transaction.execute(status -> {
            var topUp = topUps.insert(id, company, amount, session.id(), session.url());
            audit.record(
                    actor,
                    company,
                    "billing.top_up.created",
                    "top_up:" + id,
                    clientIp,
                    Map.of(
                            "amount", Money.plain(amount).toPlainString(),
                            "checkout_session", session.id()));
            return TopUpView.of(topUp);
        });
    }

    @Transactional(readOnly = true)
    CursorPage<TopUpView> page(UUID companyId, String cursor, int limit) {
        var rows = topUps.page(companyId, cursors.decode(cursor), Cursors.fetchSize(limit));
        return cursors.page(rows, limit, TopUp::createdAt, TopUp::id, TopUpView::of);
    }

    /**
     * A paid Checkout Session: credits the top-up's amount once. A session whose amount or
     * currency is not what the top-up asked for credits nothing and is audited (once) for a
     * person to look at; a replay finds the top-up already PAID and changes nothing.
     */
    @Transactional
    void paid(
            UUID topUpId, String sessionId, Long amountTotalCents, String currency, String paymentIntentId, String ip) {
        var topUp = topUps.find(topUpId).orElse(null);
        if (topUp == null || !topUp.checkoutSessionId().equals(sessionId)) {
            log.info("Ignoring a paid Checkout Session {} that matches no top-up", sessionId);
            return;
        }
        if (amountTotalCents == null
                || amountTotalCents != cents(topUp.amount())
                || !"usd".equalsIgnoreCase(currency)) {
            log.warn("Checkout Session {} of top-up {} was paid with another amount; not credited", sessionId, topUpId);
            if (topUps.markMismatchSeen(topUpId)) {
                var details = new LinkedHashMap<String, String>();
                details.put("expected_amount", Money.plain(topUp.amount()).toPlainString());
                details.put("expected_currency", "usd");
                details.put("amount_total_cents", String.valueOf(amountTotalCents));
                details.put("currency", String.valueOf(currency));
                details.put("checkout_session", sessionId);
                audit.record(
                        STRIPE, topUp.companyId(), "billing.top_up.amount_mismatch", "top_up:" + topUpId, ip, details);
            }
            return;
        }
        var won = topUps.markPaid(topUpId, paymentIntentId);
        if (won.isEmpty()) return; // an earlier (or concurrent) delivery already credited it
        var posting = ledger.post(
                topUp.companyId(), EntryType.TOP_UP, topUp.amount(), "Top-up " + topUpId + " paid with Stripe", null);
        audit.record(
                STRIPE,
                topUp.companyId(),
                "billing.top_up.paid",
                "top_up:" + topUpId,
                ip,
                Map.of(
                        "amount", Money.plain(topUp.amount()).toPlainString(),
                        "transaction_id", posting.entry().id().toString(),
                        "payment_intent", String.valueOf(paymentIntentId)));
    }

    /** An unpaid session expired: PENDING becomes EXPIRED; anything else stays as it is. */
    @Transactional
    void expired(UUID topUpId, String sessionId) {
        var topUp = topUps.find(topUpId).orElse(null);
        if (topUp == null || !topUp.checkoutSessionId().equals(sessionId)) return;
        topUps.markExpired(topUpId);
    }

    /**
     * Stripe refunded (part of) the payment: posts the increase of the refunded total since the
     * last event as one REFUND entry. The money has left through the card, so the entry is
     * posted even when it takes the balance below zero: the ledger must say what happened, and a
     * negative balance already makes admission refuse new requests until the company tops up.
     */
    @Transactional
    void refunded(String paymentIntentId, long amountRefundedCents, String chargeId, String ip) {
        var topUp = topUps.lockByPaymentIntent(paymentIntentId).orElse(null);
        if (topUp == null) {
            log.info("Ignoring a refund of charge {} that matches no paid top-up", chargeId);
            return;
        }
        if (topUp.status() != TopUpStatus.PAID && topUp.status() != TopUpStatus.REFUNDED) return;
        var refundedTotal = BigDecimal.valueOf(amountRefundedCents, 2);
        if (refundedTotal.compareTo(topUp.amount()) > 0) {
            log.warn(
                    "Charge {} reports more refunded than top-up {} paid; counting the top-up's amount",
                    chargeId,
                    topUp.id());
            refundedTotal = topUp.amount();
        }
        var newlyRefunded = refundedTotal.subtract(topUp.refundedAmount());
        if (newlyRefunded.signum() <= 0) return; // a replay, or an older event arriving late
        var status = refundedTotal.compareTo(topUp.amount()) >= 0 ? TopUpStatus.REFUNDED : TopUpStatus.PAID;
        topUps.recordRefund(topUp.id(), refundedTotal, status);
        var posting = ledger.post(
                topUp.companyId(), EntryType.REFUND, newlyRefunded, "Stripe refund of top-up " + topUp.id(), null);
        audit.record(
                STRIPE,
                topUp.companyId(),
                "billing.top_up.refunded",
                "top_up:" + topUp.id(),
                ip,
                Map.of(
                        "amount", Money.plain(newlyRefunded).toPlainString(),
                        "refunded_total", Money.plain(refundedTotal).toPlainString(),
                        "transaction_id", posting.entry().id().toString(),
                        "balance_after",
                                Money.plain(posting.entry().balanceAfter()).toPlainString(),
                        "charge", String.valueOf(chargeId)));
    }

    /** Whole cents of a 2-decimal USD amount, as Stripe counts. */
    static long cents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    static ApiException notConfigured() {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "payments-not-configured",
                "Payments not configured",
                "Top-ups with Stripe are not configured on this platform.");
    }
}
