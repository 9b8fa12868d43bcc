package dev.aggregator.billing.reservations;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

record Reservation(
        UUID id, UUID companyId, String requestId, BigDecimal amount, ReservationStatus status, Instant expiresAt) {}
