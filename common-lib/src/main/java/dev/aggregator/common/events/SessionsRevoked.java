package dev.aggregator.common.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Logins of a member ended (logout, password change or reset, removal from the company): every
 * gateway instance refuses access tokens whose {@code sid} is one of {@code sessionIds} from now
 * on, instead of honouring them until they expire. Broadcast like {@code ApiKeyRevoked}.
 */
public record SessionsRevoked(
        UUID eventId, Instant occurredAt, UUID companyId, UUID userId, List<UUID> sessionIds, String reason)
        implements DomainEvent {

    public static final String TYPE = "sessions.revoked";

    public static SessionsRevoked of(UUID companyId, UUID userId, List<UUID> sessionIds, String reason) {
        return new SessionsRevoked(
                UUID.randomUUID(), Instant.now(), companyId, userId, List.copyOf(sessionIds), reason);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
