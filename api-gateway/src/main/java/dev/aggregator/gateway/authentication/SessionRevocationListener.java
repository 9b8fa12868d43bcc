package dev.aggregator.gateway.authentication;

import dev.aggregator.common.events.SessionsRevoked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.annotation.RabbitListener;

/**
 * Records ended sessions as soon as auth-service says so, on every gateway instance (each has its
 * own queue), so their access tokens are refused within a second rather than when they expire.
 */
class SessionRevocationListener {

    private static final Logger log = LoggerFactory.getLogger(SessionRevocationListener.class);

    private final RevokedSessions revokedSessions;

    SessionRevocationListener(RevokedSessions revokedSessions) {
        this.revokedSessions = revokedSessions;
    }

    @RabbitListener(queues = "#{sessionRevocationQueue.name}")
    void onSessionsRevoked(SessionsRevoked event) {
        if (event.sessionIds() == null || event.sessionIds().isEmpty()) return;
        revokedSessions.revoke(event.sessionIds());
        log.info(
                "Ended {} session(s) of member {} of company {}",
                event.sessionIds().size(),
                event.userId(),
                event.companyId());
    }
}
