package dev.aggregator.billing.reservations;

import dev.aggregator.billing.config.BillingProperties;
import dev.aggregator.billing.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives back holds whose request never settled (the proxy crashed, or its release call was lost),
 * so funds can never stay locked for good.
 */
@Component
public class ReservationExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ReservationExpiryJob.class);

    private final ReservationRepository reservations;
    private final Ledger ledger;
    private final TransactionTemplate transactions;
    private final BillingProperties properties;

    ReservationExpiryJob(
            ReservationRepository reservations,
            Ledger ledger,
            TransactionTemplate transactions,
            BillingProperties properties) {
        this.reservations = reservations;
        this.ledger = ledger;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Scheduled(
            initialDelayString = "${aggregator.billing.reservation-expiry-interval:30s}",
            fixedDelayString = "${aggregator.billing.reservation-expiry-interval:30s}")
    void run() {
        try {
            int expired = expireOverdue();
            if (expired > 0) log.info("Released {} expired reservations", expired);
        } catch (RuntimeException e) {
            log.warn("Reservation expiry failed, will retry: {}", e.getMessage());
        }
    }

    /**
     * Expires overdue reservations one per transaction, so each touches a single account row and
     * can never deadlock with another instance or a settlement. Returns how many it expired.
     */
    public int expireOverdue() {
        int expired = 0;
        while (expired < properties.expiryBatchSize()
                && Boolean.TRUE.equals(transactions.execute(status -> expireOne()))) {
            expired++;
        }
        return expired;
    }

    private boolean expireOne() {
        var overdue = reservations.lockNextOverdue();
        if (overdue.isEmpty()) return false;
        var reservation = overdue.get();
        reservations.close(reservation.id(), reservation.companyId(), ReservationStatus.EXPIRED);
        ledger.releaseHold(reservation.companyId(), reservation.amount());
        return true;
    }
}
