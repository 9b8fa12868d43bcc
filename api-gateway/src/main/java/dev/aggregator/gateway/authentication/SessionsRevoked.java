package dev.aggregator.gateway.authentication;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.UUID;

/**
 * auth-service's notice that logins ended (logout, password change or reset, a member removed):
 * access tokens whose {@code sid} is listed are refused from now on. The same JSON as auth's
 * {@code SessionsRevoked} event; its shared home would be common-lib's {@code events}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SessionsRevoked(UUID eventId, UUID companyId, UUID userId, List<UUID> sessionIds) {

    static final String TYPE = "sessions.revoked";
}
