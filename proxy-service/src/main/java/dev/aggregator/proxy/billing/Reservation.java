package dev.aggregator.proxy.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Funds billing set aside for one request until its usage event settles them. */
public record Reservation(UUID reservationId, BigDecimal amount, Instant expiresAt) {}
