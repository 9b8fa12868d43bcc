package dev.aggregator.common.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * An event on the {@code aggregator.events} exchange. Its {@link #type()} is the routing key;
 * consumers deduplicate by {@link #eventId()} and ignore fields a newer version adds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public interface DomainEvent {

    UUID eventId();

    Instant occurredAt();

    @JsonProperty("type")
    String type();

    @JsonProperty("version")
    default int version() {
        return 1;
    }
}
