package dev.aggregator.auth.team;

import java.time.Instant;
import java.util.UUID;

/** {@code token} appears in this answer and the invitation mail only; the platform keeps its hash. */
record InvitationResponse(UUID id, String email, String role, Instant expiresAt, String token) {

    @Override
    public String toString() {
        return "InvitationResponse[id=" + id + ", email=" + email + ", role=" + role + ", token=<redacted>]";
    }
}
