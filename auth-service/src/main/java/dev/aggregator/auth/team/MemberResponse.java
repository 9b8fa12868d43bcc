package dev.aggregator.auth.team;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member as the company sees it; {@code name} and {@code last_login_at} are null until known. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record MemberResponse(UUID id, String email, String name, List<String> roles, Instant createdAt, Instant lastLoginAt) {}
