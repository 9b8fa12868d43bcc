package dev.aggregator.proxy.config;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this instance holds budget leases at billing (docs/admission-and-usage.md, "Proxy:
 * admission").
 *
 * @param slice how much one grant or extension asks for at most; a request whose worst case is
 *     larger asks for ten times that worst case instead
 * @param idleClose a lease with nothing in flight and no admission for this long is closed, so
 *     unused funds go back to the company
 * @param idleCheckInterval how often budgets are checked for idleness
 * @param heartbeatInterval how often this instance marks its leases as alive
 * @param renewInterval how often this instance renews its leases at billing
 * @param reaperInterval how often abandoned leases are looked for
 * @param abandonedAfter an active lease whose heartbeat is older than this belongs to a dead
 *     instance and is closed by another
 * @param closeRetryAfter a closing lease whose close was not acknowledged for this long is closed
 *     again
 */
@Validated
@ConfigurationProperties("aggregator.proxy.lease")
public record LeaseProperties(
        @NotNull @DecimalMin("0.00000001") @DefaultValue("1.00")
        BigDecimal slice,

        @NotNull @DefaultValue("2s") Duration idleClose,
        @NotNull @DefaultValue("250ms") Duration idleCheckInterval,
        @NotNull @DefaultValue("2s") Duration heartbeatInterval,
        @NotNull @DefaultValue("10s") Duration renewInterval,
        @NotNull @DefaultValue("5s") Duration reaperInterval,
        @NotNull @DefaultValue("15s") Duration abandonedAfter,
        @NotNull @DefaultValue("5s") Duration closeRetryAfter) {

    /** The defaults, for code that runs without Spring (tests of the budget). */
    public static LeaseProperties defaults() {
        return new LeaseProperties(
                new BigDecimal("1.00"),
                Duration.ofSeconds(2),
                Duration.ofMillis(250),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5));
    }
}
