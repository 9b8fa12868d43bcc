package dev.aggregator.billing.reservations;

import dev.aggregator.billing.ledger.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

public record ReservationView(UUID reservationId, BigDecimal amount, Instant expiresAt) {

    static ReservationView of(Reservation reservation) {
        return new ReservationView(reservation.id(), Money.plain(reservation.amount()), reservation.expiresAt());
    }
}
