package dev.aggregator.console.session;

import dev.aggregator.console.api.ApiCallFailed;
import dev.aggregator.console.api.Credentials;
import dev.aggregator.console.api.GatewayApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * Signing in and out through the API, and keeping the session's tokens fresh: an access token
 * about to expire, or refused with 401, is replaced once with the refresh token (which rotates).
 */
@Component
public class Sessions {

    private static final java.time.Duration REFRESH_AHEAD = java.time.Duration.ofSeconds(30);

    private final GatewayApi api;
    private final ClientAddress clientAddress;
    private final Clock clock;

    Sessions(GatewayApi api, ClientAddress clientAddress) {
        this.api = api;
        this.clientAddress = clientAddress;
        this.clock = Clock.systemUTC();
    }

    /** Logs in with the API; on success the session (renewed, against fixation) holds the tokens. */
    public SignedIn signIn(HttpServletRequest request, String email, String password) {
        var credentials = Credentials.anonymous(clientAddress.of(request));
        var tokens = api.call(
                HttpMethod.POST,
                api.uri("/v1/auth/login", null),
                credentials,
                Map.of("email", email, "password", password));
        var access = (String) tokens.get("access_token");
        var me = api.call(
                HttpMethod.GET,
                api.uri("/v1/auth/me", null),
                new Credentials(access, credentials.clientAddress()),
                null);
        @SuppressWarnings("unchecked")
        var roles = List.copyOf((List<String>) me.getOrDefault("roles", List.of()));
        var signedIn = new SignedIn(
                access,
                (String) tokens.get("refresh_token"),
                expiry(tokens),
                (String) me.get("user_id"),
                (String) me.get("company_id"),
                (String) me.get("email"),
                roles);
        var old = request.getSession(false);
        if (old != null) old.invalidate();
        request.getSession(true).setAttribute(SignedIn.ATTRIBUTE, signedIn);
        return signedIn;
    }

    /** Ends the login at the API (its refresh token family) and the console's session. */
    public void signOut(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session == null) return;
        var signedIn = current(session);
        if (signedIn != null) {
            try {
                api.call(
                        HttpMethod.POST,
                        api.uri("/v1/auth/logout", null),
                        Credentials.anonymous(clientAddress.of(request)),
                        Map.of("refresh_token", signedIn.refreshToken()));
            } catch (RuntimeException alreadyEnded) {
                // the console's session ends either way
            }
        }
        session.invalidate();
    }

    public static SignedIn current(HttpSession session) {
        return session == null ? null : (SignedIn) session.getAttribute(SignedIn.ATTRIBUTE);
    }

    /** The session's access token, refreshed first when it is about to expire. */
    SignedIn fresh(HttpServletRequest request) {
        var session = request.getSession(false);
        var signedIn = current(session);
        if (signedIn == null) throw new SessionExpired();
        if (Instant.now(clock).plus(REFRESH_AHEAD).isBefore(signedIn.accessTokenExpiresAt())) return signedIn;
        return refresh(request, signedIn);
    }

    /** Exchanges the refresh token for a new pair; a refused one ends the console's session. */
    SignedIn refresh(HttpServletRequest request, SignedIn stale) {
        var session = request.getSession(false);
        if (session == null) throw new SessionExpired();
        synchronized (org.springframework.web.util.WebUtils.getSessionMutex(session)) {
            return refreshOnce(request, session, stale);
        }
    }

    private SignedIn refreshOnce(HttpServletRequest request, HttpSession session, SignedIn stale) {
        var signedIn = current(session);
        if (signedIn == null) throw new SessionExpired();
        // Another request of the same session refreshed meanwhile: its pair is the current one.
        if (!signedIn.refreshToken().equals(stale.refreshToken())) return signedIn;
        try {
            var tokens = api.call(
                    HttpMethod.POST,
                    api.uri("/v1/auth/refresh", null),
                    Credentials.anonymous(clientAddress.of(request)),
                    Map.of("refresh_token", signedIn.refreshToken()));
            var renewed = signedIn.withTokens(
                    (String) tokens.get("access_token"), (String) tokens.get("refresh_token"), expiry(tokens));
            session.setAttribute(SignedIn.ATTRIBUTE, renewed);
            return renewed;
        } catch (ApiCallFailed refused) {
            session.invalidate();
            throw new SessionExpired();
        }
    }

    private Instant expiry(Map<String, Object> tokens) {
        var seconds = tokens.get("expires_in");
        long ttl = seconds instanceof Number n ? n.longValue() : 300;
        return Instant.now(clock).plusSeconds(ttl);
    }
}
