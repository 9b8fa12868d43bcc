package dev.aggregator.common.events;

import java.time.Instant;
import java.util.UUID;

/** A provider, model or price changed; {@code model} is null when every model may be affected. */
public record CatalogChanged(UUID eventId, Instant occurredAt, String model) implements DomainEvent {

    public static final String TYPE = "catalog.changed";

    public static CatalogChanged of(String model) {
        return new CatalogChanged(UUID.randomUUID(), Instant.now(), model);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
