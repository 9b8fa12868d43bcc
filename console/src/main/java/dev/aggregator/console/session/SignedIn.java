package dev.aggregator.console.session;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Who is signed in, kept in the server-side session only (the browser holds nothing but the
 * httpOnly session cookie): the API tokens of that person and what {@code GET /v1/auth/me} said.
 * Roles decide only what the pages show; the API decides what is allowed.
 */
public record SignedIn(
        String accessToken,
        String refreshToken,
        Instant accessTokenExpiresAt,
        String userId,
        String companyId,
        String email,
        List<String> roles)
        implements Serializable {

    public static final String ATTRIBUTE = "aggregator.console.signedIn";

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** OWNER or ADMIN: keys, preferences, plans, top-ups, invitations and the audit log. */
    public boolean manager() {
        return has("OWNER") || has("ADMIN");
    }

    public boolean owner() {
        return has("OWNER");
    }

    public boolean platformAdmin() {
        return has("PLATFORM_ADMIN");
    }

    SignedIn withTokens(String access, String refresh, Instant expiresAt) {
        return new SignedIn(access, refresh, expiresAt, userId, companyId, email, roles);
    }

    @Override
    public String toString() {
        return "SignedIn[userId=" + userId + ", companyId=" + companyId + ", roles=" + roles + "]";
    }
}
