package dev.aggregator.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An API key's limits or allow-list changed; every gateway instance forgets what it cached about
 * the key, so the next request carries the new ones (within a second, like a revocation).
 */
public record ApiKeyChanged(UUID eventId, Instant occurredAt, UUID companyId, UUID apiKeyId) implements DomainEvent {

    public static final String TYPE = "apikey.changed";

    public static ApiKeyChanged of(UUID companyId, UUID apiKeyId) {
        return new ApiKeyChanged(UUID.randomUUID(), Instant.now(), companyId, apiKeyId);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
