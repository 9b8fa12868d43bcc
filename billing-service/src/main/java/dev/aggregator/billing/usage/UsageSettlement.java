package dev.aggregator.billing.usage;

import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.billing.referrals.ReferralCommissions;
import dev.aggregator.billing.reservations.Reservations;
import dev.aggregator.common.events.UsageRecorded;
import java.math.BigDecimal;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a recorded request into money: the reservation ends, and exactly {@code cost} (already
 * rounded once by the proxy) is charged. A failed request's reservation is released; if the
 * proxy still priced it (tokens were consumed before it failed), that cost is charged too.
 */
@Service
class UsageSettlement {

    private static final int REQUEST_ID_LIMIT = 128;

    private final Reservations reservations;
    private final Ledger ledger;
    private final ReferralCommissions commissions;

    UsageSettlement(Reservations reservations, Ledger ledger, ReferralCommissions commissions) {
        this.reservations = reservations;
        this.ledger = ledger;
        this.commissions = commissions;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void settle(UsageRecorded event) {
        BigDecimal cost = validCost(event);
        var company = event.companyId();
        BigDecimal held = reservations.closeForUsage(event.reservationId(), company, event.succeeded());
        var charged = ledger.settleUsage(company, held, cost, describe(event), requestId(event));
        if (charged.isPresent()) commissions.award(event.eventId(), company, cost);
    }

    /** A malformed event goes to the dead-letter queue for a human, rather than being guessed at. */
    private static BigDecimal validCost(UsageRecorded event) {
        if (event.companyId() == null) throw reject(event, "it has no company_id");
        BigDecimal cost = event.cost() == null ? BigDecimal.ZERO : event.cost();
        if (cost.signum() < 0) throw reject(event, "its cost is negative");
        if (!Money.fitsScale(cost)) throw reject(event, "its cost has more than 8 decimal places");
        return cost;
    }

    private static AmqpRejectAndDontRequeueException reject(UsageRecorded event, String reason) {
        return new AmqpRejectAndDontRequeueException(
                "Usage event " + event.eventId() + " cannot be settled: " + reason);
    }

    private static String describe(UsageRecorded event) {
        var text = "%s via %s: %d prompt + %d completion tokens"
                .formatted(event.model(), event.providerName(), event.promptTokens(), event.completionTokens());
        return event.succeeded() ? text : text + " (failed request)";
    }

    private static String requestId(UsageRecorded event) {
        var id = event.requestId();
        return id == null || id.length() <= REQUEST_ID_LIMIT ? id : id.substring(0, REQUEST_ID_LIMIT);
    }
}
