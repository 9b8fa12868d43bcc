package dev.aggregator.auth.sessions;

import dev.aggregator.auth.accounts.Member;
import dev.aggregator.auth.signing.AccessTokens;
import dev.aggregator.common.events.SessionsRevoked;
import dev.aggregator.common.outbox.OutboxWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends a member's logins: their refresh tokens are revoked here, and a {@link SessionsRevoked}
 * notice (written to the outbox in the caller's transaction) makes every gateway refuse the
 * access tokens those logins were issued, within a second of the commit.
 */
@Component
public class SessionRevocation {

    // Beyond the access token's lifetime, for the gateway's clock skew allowance (30 s) and a margin.
    private static final Duration LIVE_TOKEN_MARGIN = Duration.ofMinutes(2);

    private final RefreshTokenRepository refreshTokens;
    private final AccessTokens accessTokens;
    private final OutboxWriter outbox;
    private final Clock clock;

    SessionRevocation(
            RefreshTokenRepository refreshTokens, AccessTokens accessTokens, OutboxWriter outbox, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Every login of the member ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void endAll(Member member, String reason) {
        end(member, null, reason);
    }

    /** Every login of the member but {@code keptSession} (the caller's own) ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void endAllExcept(Member member, UUID keptSession, String reason) {
        end(member, keptSession, reason);
    }

    /** One login ends (logout, a reused refresh token). */
    @Transactional(propagation = Propagation.MANDATORY)
    void endOne(Member member, UUID session, String reason) {
        refreshTokens.revokeFamily(session, clock.instant());
        outbox.append(SessionsRevoked.of(member.companyId(), member.id(), List.of(session), reason));
    }

    private void end(Member member, UUID keptSession, String reason) {
        var now = clock.instant();
        // Only logins that issued a token lately can still hold an unexpired access token.
        var live =
                refreshTokens
                        .familiesActiveSince(
                                member.id(), now.minus(accessTokens.ttl()).minus(LIVE_TOKEN_MARGIN))
                        .stream()
                        .filter(family -> !family.equals(keptSession))
                        .toList();
        refreshTokens.revokeAllOfUser(member.id(), keptSession, now);
        if (!live.isEmpty()) outbox.append(SessionsRevoked.of(member.companyId(), member.id(), live, reason));
    }
}
