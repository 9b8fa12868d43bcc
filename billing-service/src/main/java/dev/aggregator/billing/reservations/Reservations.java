package dev.aggregator.billing.reservations;

import dev.aggregator.billing.config.BillingProperties;
import dev.aggregator.billing.ledger.Ledger;
import dev.aggregator.billing.ledger.Money;
import dev.aggregator.common.web.ApiException;
import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Funds held for requests in flight. A hold moves money from available to reserved; it ends
 * exactly once, by settlement, release or expiry, each of which gives the hold back.
 */
@Service
public class Reservations {

    private final ReservationRepository reservations;
    private final Ledger ledger;
    private final BillingProperties properties;

    Reservations(ReservationRepository reservations, Ledger ledger, BillingProperties properties) {
        this.reservations = reservations;
        this.ledger = ledger;
        this.properties = properties;
    }

    /**
     * Holds {@code amount} for one request, or answers 402 with {@code required} and {@code
     * available}. The same request id again returns the reservation already held for it; reusing
     * it for another amount, or after its reservation ended, is a 409.
     */
    @Transactional
    public ReservationView reserve(ReserveRequest request) {
        var company = request.companyId();
        ledger.open(company);
        var inserted = reservations.insertHeld(
                company, request.requestId(), request.apiKeyId(), request.amount(), properties.reservationTtl());
        if (inserted.isEmpty()) return existing(request);
        if (!ledger.hold(company, request.amount())) {
            // Throwing rolls back the reservation row inserted above.
            throw ApiException.paymentRequired("The available balance does not cover this request.")
                    .with("required", Money.plain(request.amount()))
                    .with("available", Money.plain(ledger.balance(company).available()));
        }
        return ReservationView.of(inserted.get());
    }

    /** Gives a HELD reservation's funds back; a reservation already ended is left as it is. */
    @Transactional
    public void release(UUID reservationId) {
        var released = reservations.close(reservationId, null, ReservationStatus.RELEASED);
        if (released.isPresent()) {
            ledger.releaseHold(released.get().companyId(), released.get().amount());
        } else if (!reservations.exists(reservationId)) {
            throw ApiException.notFound("Reservation not found.");
        }
    }

    /**
     * Ends the company's HELD reservation for a settled request (SETTLED, or RELEASED when the
     * request failed) and returns the amount it held, for the caller to give back together with
     * the charge. Zero when there is nothing to end: none was taken, or it already expired.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public BigDecimal closeForUsage(UUID reservationId, UUID companyId, boolean succeeded) {
        if (reservationId == null) return BigDecimal.ZERO;
        return reservations
                .close(reservationId, companyId, succeeded ? ReservationStatus.SETTLED : ReservationStatus.RELEASED)
                .map(Reservation::amount)
                .orElse(BigDecimal.ZERO);
    }

    private ReservationView existing(ReserveRequest request) {
        var reservation = reservations
                .findByRequest(request.companyId(), request.requestId())
                .orElseThrow(() -> new IllegalStateException("reservation vanished during an idempotent retry"));
        if (reservation.status() != ReservationStatus.HELD
                || reservation.amount().compareTo(request.amount()) != 0) {
            throw ApiException.conflict(
                    "This request_id already has a reservation for another amount or one that" + " has ended.");
        }
        return ReservationView.of(reservation);
    }
}
