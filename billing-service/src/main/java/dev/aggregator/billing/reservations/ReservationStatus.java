package dev.aggregator.billing.reservations;

/** HELD is the only open state; every other state is final and holds no money. */
enum ReservationStatus {
    HELD,
    SETTLED,
    RELEASED,
    EXPIRED
}
