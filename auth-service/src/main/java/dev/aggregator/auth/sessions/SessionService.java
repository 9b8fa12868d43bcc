package dev.aggregator.auth.sessions;

import dev.aggregator.auth.accounts.Member;
import dev.aggregator.auth.accounts.MemberCredentials;
import dev.aggregator.auth.accounts.MemberRepository;
import dev.aggregator.auth.accounts.Passwords;
import dev.aggregator.auth.signing.AccessTokens;
import dev.aggregator.auth.support.Secrets;
import dev.aggregator.auth.support.Timestamps;
import dev.aggregator.common.events.AuditRecorded;
import dev.aggregator.common.outbox.OutboxWriter;
import dev.aggregator.common.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Logins and the refresh-token families they start. A refresh rotates the token; presenting a
 * token that was already rotated means it leaked, so its whole family is revoked. A family lives
 * at most {@code absolute-lifetime} from its login, however often it is rotated.
 */
@Service
class SessionService {

    private static final int REFRESH_TOKEN_BYTES = 32;

    private final MemberRepository members;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final RefreshTokenRepository refreshTokens;
    private final RefreshTokenProperties refreshProperties;
    private final AccessTokens accessTokens;
    private final SessionRevocation revocation;
    private final OutboxWriter outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SessionService(
            MemberRepository members,
            Passwords passwords,
            LoginThrottle throttle,
            RefreshTokenRepository refreshTokens,
            RefreshTokenProperties refreshProperties,
            AccessTokens accessTokens,
            SessionRevocation revocation,
            OutboxWriter outbox,
            TransactionTemplate transactions,
            Clock clock) {
        this.members = members;
        this.passwords = passwords;
        this.throttle = throttle;
        this.refreshTokens = refreshTokens;
        this.refreshProperties = refreshProperties;
        this.accessTokens = accessTokens;
        this.revocation = revocation;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Unknown email and wrong password fail alike, in the same time, with the same answer. */
    TokenResponse login(LoginRequest request, String clientIp) {
        // Counted before BCrypt runs, so parallel guesses cannot all pass a check made beforehand.
        throttle.countAttempt(request.email(), clientIp);
        var credentials = members.findCredentialsByEmail(request.email().strip());
        String hash = credentials.map(MemberCredentials::passwordHash).orElse(null);
        if (!passwords.matches(request.password(), hash)) {
            recordFailedLogin(request.email().strip(), credentials.map(MemberCredentials::member), clientIp);
            throw ApiException.unauthorized("Invalid email or password.");
        }
        throttle.recordSuccess(request.email(), clientIp);
        var member = credentials.orElseThrow().member();
        // The password check stays outside: no connection is held during BCrypt.
        return transactions.execute(status -> {
            var now = Timestamps.micros(clock.instant());
            var tokens = issue(member, UUID.randomUUID(), now);
            members.recordLogin(member.id(), now);
            outbox.append(AuditRecorded.of(
                    member.companyId(), member.email(), "auth.login", "member:" + member.id(), clientIp, Map.of()));
            return tokens;
        });
    }

    /**
     * An unknown email is audited without a company (only the platform admin sees it); the
     * attempted address is the actor, trimmed to what an email column holds.
     */
    private void recordFailedLogin(String email, Optional<Member> member, String clientIp) {
        transactions.executeWithoutResult(status -> outbox.append(AuditRecorded.of(
                member.map(Member::companyId).orElse(null),
                member.map(Member::email).orElse(email.length() > 254 ? email.substring(0, 254) : email),
                "auth.login_failed",
                member.map(m -> "member:" + m.id()).orElse("email"),
                clientIp,
                Map.of("reason", member.isPresent() ? "wrong_password" : "unknown_email"))));
    }

    /**
     * A new pair for a valid, unused token whose login is younger than the absolute lifetime;
     * empty (an answer of 401) for anything else.
     */
    @Transactional
    Optional<TokenResponse> refresh(String refreshToken, String clientIp) {
        var token = refreshTokens.lockByHash(Secrets.sha256Hex(refreshToken)).orElse(null);
        var now = Timestamps.micros(clock.instant());
        if (token == null || token.revokedAt() != null || !token.expiresAt().isAfter(now)) return Optional.empty();
        if (!token.familyStartedAt().plus(refreshProperties.absoluteLifetime()).isAfter(now)) return Optional.empty();
        var member = members.findById(token.userId()).orElse(null);
        if (member == null) return Optional.empty();
        if (token.usedAt() != null) {
            // Returning normally commits the revocation; the caller still answers 401.
            revocation.endOne(member, token.familyId(), "refresh_token_reused");
            outbox.append(AuditRecorded.of(
                    member.companyId(),
                    member.email(),
                    "auth.refresh_token_reused",
                    "member:" + member.id(),
                    clientIp,
                    Map.of("family_id", token.familyId().toString())));
            return Optional.empty();
        }
        refreshTokens.markUsed(token.id(), now);
        return Optional.of(issue(member, token.familyId(), token.familyStartedAt(), now));
    }

    /**
     * Ends the session the token belongs to, its access tokens included; an unknown token is
     * already as good as logged out.
     */
    @Transactional
    void logout(String refreshToken) {
        var token = refreshTokens.lockByHash(Secrets.sha256Hex(refreshToken)).orElse(null);
        if (token == null || token.revokedAt() != null) return;
        members.findById(token.userId()).ifPresent(member -> revocation.endOne(member, token.familyId(), "logout"));
    }

    private TokenResponse issue(Member member, UUID familyId, Instant now) {
        return issue(member, familyId, now, now);
    }

    private TokenResponse issue(Member member, UUID familyId, Instant familyStartedAt, Instant now) {
        String refreshToken = Secrets.randomToken(REFRESH_TOKEN_BYTES);
        // Never beyond the login's absolute lifetime, however recently it was rotated.
        Instant expiresAt = now.plus(refreshProperties.ttl());
        Instant loginEnds = familyStartedAt.plus(refreshProperties.absoluteLifetime());
        refreshTokens.insert(
                UUID.randomUUID(),
                Secrets.sha256Hex(refreshToken),
                familyId,
                member.id(),
                familyStartedAt,
                now,
                expiresAt.isBefore(loginEnds) ? expiresAt : loginEnds);
        String accessToken =
                accessTokens.issue(member.id(), member.companyId(), member.email(), member.roles(), familyId);
        return TokenResponse.bearer(
                accessToken, refreshToken, accessTokens.ttl().toSeconds());
    }
}
