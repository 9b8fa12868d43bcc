package dev.aggregator.common.events;

import java.time.Instant;
import java.util.UUID;

/** A company changed its provider preferences for one model. */
public record PreferencesChanged(UUID eventId, Instant occurredAt, UUID companyId, String model)
        implements DomainEvent {

    public static final String TYPE = "preferences.changed";

    public static PreferencesChanged of(UUID companyId, String model) {
        return new PreferencesChanged(UUID.randomUUID(), Instant.now(), companyId, model);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
