package dev.aggregator.common.events;

import java.time.Instant;
import java.util.UUID;

/** An API key stopped being valid; every gateway instance drops it from its cache. */
public record ApiKeyRevoked(UUID eventId, Instant occurredAt, UUID companyId, UUID apiKeyId) implements DomainEvent {

    public static final String TYPE = "apikey.revoked";

    public static ApiKeyRevoked of(UUID companyId, UUID apiKeyId) {
        return new ApiKeyRevoked(UUID.randomUUID(), Instant.now(), companyId, apiKeyId);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
