package dev.aggregator.common.events;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The exchange every event goes through. Tests use their own exchange so that a platform running
 * on the same broker never consumes their events.
 */
@Validated
@ConfigurationProperties("aggregator.events")
public record EventsProperties(
        @NotBlank @DefaultValue("aggregator.events") String exchange) {

    public String deadLetterExchange() {
        return exchange + ".dlx";
    }
}
